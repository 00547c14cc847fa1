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


# TODO: POST /users
# TODO: PATCH /users/{user_id}
# TODO: DELETE /users/{user_id}
