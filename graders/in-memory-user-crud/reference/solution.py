"""User CRUD with correct status codes, kept in memory (reference solution)."""

import itertools
from typing import Annotated

from fastapi import FastAPI, HTTPException, Response, status
from pydantic import AfterValidator, BaseModel, Field

app = FastAPI(title="Users")

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

Name = Annotated[str, Field(min_length=1, max_length=50)]
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
_next_id = itertools.count(1)  # ids are never reused, even after a delete

NOT_FOUND = {status.HTTP_404_NOT_FOUND: {"description": "User not found"}}
CONFLICT = {status.HTTP_409_CONFLICT: {"description": "Email already registered"}}


def _get(user_id: int) -> User:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


def _ensure_email_free(email: str, owner_id: int | None = None) -> None:
    if any(u.email == email and u.id != owner_id for u in USERS.values()):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Email already registered")


@app.post("/users", status_code=status.HTTP_201_CREATED, responses=CONFLICT)
def create_user(payload: UserCreate, response: Response) -> User:
    _ensure_email_free(payload.email)
    user = User(id=next(_next_id), **payload.model_dump())
    USERS[user.id] = user
    response.headers["Location"] = f"/users/{user.id}"
    return user


@app.get("/users")
def list_users() -> list[User]:
    return [USERS[user_id] for user_id in sorted(USERS)]


@app.get("/users/{user_id}", responses=NOT_FOUND)
def read_user(user_id: int) -> User:
    return _get(user_id)


@app.patch("/users/{user_id}", responses={**NOT_FOUND, **CONFLICT})
def update_user(user_id: int, changes: UserUpdate) -> User:
    """Change only the fields sent."""
    user = _get(user_id)
    update = changes.model_dump(exclude_unset=True, exclude_none=True)
    if "email" in update:
        _ensure_email_free(update["email"], owner_id=user_id)
    USERS[user_id] = user.model_copy(update=update)
    return USERS[user_id]


@app.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_user(user_id: int) -> None:
    _get(user_id)
    del USERS[user_id]
