# WRONG: PATCH merges with the full model_dump() of the stored preferences, so every field becomes "set" and all three come back. Violates "200 with the user's preferences, in the same form as the GET (only the set ones)".
"""User directory: never leak internal fields.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Preferences`, `UserRecord`, `UserCreate`, `hash_password` and `USERS` as they are: the
grader's tests use this data. Output models and response_model keep the secrets in.
"""

import hashlib
import itertools
import secrets
from typing import Literal

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="User directory")


class Preferences(BaseModel):
    theme: Literal["light", "dark"] = "light"
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    newsletter: bool = False


class UserRecord(BaseModel):
    """What the app stores. Several fields must never leave the server."""

    id: int
    username: str
    display_name: str
    email: str
    password_hash: str
    api_key: str
    is_admin: bool = False
    internal_notes: str = ""
    preferences: Preferences = Field(default_factory=Preferences)


class UserCreate(BaseModel):
    username: str = Field(pattern=r"^[a-z][a-z0-9_]{2,29}$")
    display_name: str = Field(min_length=1, max_length=60)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(min_length=8)


class UserPublic(BaseModel):
    id: int
    username: str
    display_name: str


class UserAdmin(UserPublic):
    email: str
    is_admin: bool


def hash_password(password: str) -> str:
    """Stand-in for a real password hash (use pwdlib/argon2 in production)."""
    return hashlib.sha256(password.encode()).hexdigest()


USERS: dict[int, UserRecord] = {
    1: UserRecord(
        id=1,
        username="alice",
        display_name="Alice Liddell",
        email="alice@example.com",
        password_hash=hash_password("wonderland-42"),
        api_key="ak_live_alice_7f3c9b",
        is_admin=True,
        internal_notes="VIP customer",
        preferences=Preferences(theme="dark"),
    ),
    2: UserRecord(
        id=2,
        username="bob",
        display_name="Bob Builder",
        email="bob@example.com",
        password_hash=hash_password("can-we-fix-it"),
        api_key="ak_live_bob_1d2e4a",
        internal_notes="Asked for a refund twice",
    ),
}
_next_id = itertools.count(3)


def _record(user_id: int) -> UserRecord:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


@app.get("/users", response_model=list[UserPublic])
def list_users():
    return [USERS[user_id] for user_id in sorted(USERS)]


@app.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserPublic)
def create_user(payload: UserCreate):
    user = UserRecord(
        id=next(_next_id),
        username=payload.username,
        display_name=payload.display_name,
        email=payload.email,
        password_hash=hash_password(payload.password),
        api_key=f"ak_live_{secrets.token_hex(8)}",
    )
    USERS[user.id] = user
    return user


@app.get("/users/{user_id}", response_model=UserPublic)
def read_user(user_id: int):
    return _record(user_id)


@app.get("/admin/users/{user_id}", response_model=UserAdmin)
def read_user_as_admin(user_id: int):
    return _record(user_id)


@app.get(
    "/users/{user_id}/preferences",
    response_model=Preferences,
    response_model_exclude_unset=True,
)
def read_preferences(user_id: int):
    return _record(user_id).preferences


@app.patch(
    "/users/{user_id}/preferences",
    response_model=Preferences,
    response_model_exclude_unset=True,
)
def update_preferences(user_id: int, changes: Preferences):
    user = _record(user_id)
    merged = {
        **user.preferences.model_dump(),
        **changes.model_dump(exclude_unset=True),
    }
    user.preferences = Preferences(**merged)  # fields_set = the keys set so far
    return user.preferences
