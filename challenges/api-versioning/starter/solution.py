"""Users API. Today it only has the old /v1 routes; add /v2 and header negotiation.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord` and `USERS` as they are: the grader's tests use this data. The response
models below are the two shapes the statement describes.
"""

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Users")


class UserRecord(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str
    password_hash: str


USERS: dict[int, UserRecord] = {
    user.id: user
    for user in (
        UserRecord(
            id=3,
            first_name="Grace",
            last_name="Hopper",
            email="grace@example.com",
            password_hash="$argon2id$v=19$c2FsdA$Zw",
        ),
        UserRecord(
            id=1,
            first_name="Ada",
            last_name="Lovelace",
            email="ada@example.com",
            password_hash="$argon2id$v=19$c2FsdA$QQ",
        ),
        UserRecord(
            id=5,
            first_name="Barbara",
            last_name="Liskov",
            email="barbara@example.com",
            password_hash="$argon2id$v=19$c2FsdA$Qg",
        ),
        UserRecord(
            id=2,
            first_name="Alan",
            last_name="Turing",
            email="alan@example.com",
            password_hash="$argon2id$v=19$c2FsdA$QR",
        ),
        UserRecord(
            id=4,
            first_name="Edsger",
            last_name="Dijkstra",
            email="edsger@example.com",
            password_hash="$argon2id$v=19$c2FsdA$RA",
        ),
    )
}


class UserV1(BaseModel):
    id: int
    name: str


class UserV2(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str


class Meta(BaseModel):
    total: int


class UserListV2(BaseModel):
    data: list[UserV2]
    meta: Meta


# The original routes. TODO: move them to a /v1 router, deprecate v1, add /v2 and /users.


@app.get("/v1/users")
def list_users_v1() -> list[UserV1]:
    return [
        UserV1(id=user.id, name=f"{user.first_name} {user.last_name}")
        for user in sorted(USERS.values(), key=lambda user: user.id)
    ]


@app.get("/v1/users/{user_id}")
def get_user_v1(user_id: int) -> UserV1:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return UserV1(id=user.id, name=f"{user.first_name} {user.last_name}")
