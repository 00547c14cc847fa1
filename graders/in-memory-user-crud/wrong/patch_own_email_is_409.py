# WRONG: PATCH counts the user's own email as taken; violates "sending the user's own current email is fine"
"""User CRUD with correct status codes, kept in memory.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
"""

from typing import Annotated

from fastapi import FastAPI, HTTPException, status
from pydantic import AfterValidator, BaseModel, Field

app = FastAPI(title="Users")

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

Name = Annotated[str, Field(min_length=1, max_length=50)]
# Validates the address, then stores it in lower case.
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254), AfterValidator(str.lower)]


class UserCreate(BaseModel):
    name: Name
    email: Email


class UserUpdate(BaseModel):
    name: Name | None = None
    email: Email | None = None


class User(BaseModel):
    id: int
    name: str
    email: str


USERS: dict[int, User] = {}


@app.get("/users")
def list_users() -> list[User]:
    return [USERS[user_id] for user_id in sorted(USERS)]


@app.get("/users/{user_id}")
def read_user(user_id: int) -> User:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


import itertools

from fastapi import Response

_next_id = itertools.count(1)


def _email_taken(email: str, except_id: int | None = None) -> bool:
    return any(u.email == email and u.id != except_id for u in USERS.values())


@app.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(payload: UserCreate, response: Response) -> User:
    if _email_taken(payload.email):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Email already registered")
    user = User(id=next(_next_id), **payload.model_dump())
    USERS[user.id] = user
    response.headers["Location"] = f"/users/{user.id}"
    return user


@app.patch("/users/{user_id}")
def update_user(user_id: int, payload: UserUpdate) -> User:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    changes = payload.model_dump(exclude_unset=True)
    if "email" in changes and _email_taken(changes["email"]):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Email already registered")
    updated = user.model_copy(update=changes)
    USERS[user_id] = updated
    return updated


@app.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_user(user_id: int) -> None:
    if USERS.pop(user_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
