# WRONG: X-API-Version is a plain str and anything but '1' falls back to v2, instead of a 422 ('anything else (3, v2, 2.0, ...): 422 from FastAPI's validation')
"""Users API. Today it only has the old /v1 routes; add /v2 and header negotiation.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord` and `USERS` as they are: the grader's tests use this data. The response
models below are the two shapes the statement describes.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, Response, status
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


DEPRECATION_HEADERS = {"Deprecation": "@1767225600", "Sunset": "Wed, 01 Jul 2026 00:00:00 GMT"}


# --- one place that finds users -------------------------------------------------------------


def all_users() -> list[UserRecord]:
    return sorted(USERS.values(), key=lambda user: user.id)


def find_user(user_id: int) -> UserRecord:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


# --- two ways to shape them -----------------------------------------------------------------


def as_v1(user: UserRecord) -> UserV1:
    return UserV1(id=user.id, name=f"{user.first_name} {user.last_name}")


def as_v2(user: UserRecord) -> UserV2:
    return UserV2.model_validate(user.model_dump(exclude={"password_hash"}))


def list_v2() -> UserListV2:
    users = all_users()
    return UserListV2(data=[as_v2(u) for u in users], meta=Meta(total=len(users)))


# --- deprecation headers on every v1 response, errors included --------------------------------


@app.middleware("http")
async def deprecate_v1(request: Request, call_next):
    response = await call_next(request)
    path = request.url.path
    served_v1 = path == "/v1" or path.startswith("/v1/")
    if not served_v1 and (path == "/users" or path.startswith("/users/")):
        served_v1 = request.headers.get("x-api-version") == "1"
    if served_v1:
        response.headers.update(DEPRECATION_HEADERS)
    return response


v1 = APIRouter(prefix="/v1", tags=["v1"], deprecated=True)
v2 = APIRouter(prefix="/v2", tags=["v2"])
latest = APIRouter(tags=["negotiated"])


@v1.get("/users")
def list_users_v1() -> list[UserV1]:
    return [as_v1(u) for u in all_users()]


@v1.get("/users/{user_id}")
def get_user_v1(user_id: int) -> UserV1:
    return as_v1(find_user(user_id))


@v2.get("/users")
def list_users_v2() -> UserListV2:
    return list_v2()


@v2.get("/users/{user_id}")
def get_user_v2(user_id: int) -> UserV2:
    return as_v2(find_user(user_id))


# --- unversioned, negotiated by X-API-Version --------------------------------------------------

Version = Annotated[str, Header()]


def negotiated(response: Response, x_api_version: Version = "2") -> str:
    version = "1" if x_api_version == "1" else "2"
    response.headers["X-API-Version"] = version
    response.headers["Vary"] = "X-API-Version"
    return version


def find_user_negotiated(user_id: int, version: Annotated[str, Depends(negotiated)]) -> UserRecord:
    try:
        return find_user(user_id)
    except HTTPException as exc:
        exc.headers = {"X-API-Version": version, "Vary": "X-API-Version"}
        raise


@latest.get("/users", response_model=list[UserV1] | UserListV2)
def list_users(version: Annotated[str, Depends(negotiated)]):
    return [as_v1(u) for u in all_users()] if version == "1" else list_v2()


@latest.get("/users/{user_id}", response_model=UserV1 | UserV2)
def get_user(user: Annotated[UserRecord, Depends(find_user_negotiated)], version: Annotated[str, Depends(negotiated)]):
    return as_v1(user) if version == "1" else as_v2(user)


app.include_router(v1)
app.include_router(v2)
app.include_router(latest)
