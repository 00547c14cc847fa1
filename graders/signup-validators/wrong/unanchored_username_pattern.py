# WRONG: username pattern without anchors, so "ali ce!" matches (pydantic patterns search) -- violates "3 to 20 characters of a-z, 0-9 and _"
"""Sign-up with field validators (before: normalise; after: extra checks) and a model validator."""

import itertools
import re
from typing import Any

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, Field, field_validator, model_validator

app = FastAPI(title="Sign-up")

RESERVED_USERNAMES = frozenset({"admin", "root", "support"})
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class SignUp(BaseModel):
    username: str = Field(min_length=3, max_length=20, pattern=r"[a-z0-9_]+")
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=10, max_length=128)
    password_confirm: str

    @field_validator("username", "email", mode="before")
    @classmethod
    def normalise(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower()
        return value

    @field_validator("username")
    @classmethod
    def not_reserved(cls, value: str) -> str:
        if value in RESERVED_USERNAMES:
            raise ValueError(f"{value!r} is a reserved username")
        return value

    @field_validator("password")
    @classmethod
    def letter_and_digit(cls, value: str) -> str:
        if not any(c.isalpha() for c in value) or not any(c.isdigit() for c in value):
            raise ValueError("password needs at least one letter and one digit")
        return value

    @model_validator(mode="after")
    def compare_fields(self) -> "SignUp":
        if self.password_confirm != self.password:
            raise ValueError("passwords do not match")
        if self.username.lower() in self.password.lower():
            raise ValueError("password must not contain the username")
        return self


class Account(BaseModel):
    id: int
    username: str
    email: str


ACCOUNTS: dict[str, Account] = {}
_next_id = itertools.count(1)


@app.post("/signup", status_code=status.HTTP_201_CREATED)
def sign_up(form: SignUp) -> Account:
    if form.username in ACCOUNTS:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Username already taken")
    account = Account(id=next(_next_id), username=form.username, email=form.email)
    ACCOUNTS[account.username] = account
    return account
