"""Sign-up with field and model validators, Pydantic v2 (reference solution)."""

import itertools
import re
from typing import Annotated, Any, Self

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, Field, field_validator, model_validator

app = FastAPI(title="Sign-up")

RESERVED_USERNAMES = frozenset({"admin", "root", "support"})
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class SignUp(BaseModel):
    username: Annotated[str, Field(pattern=r"^[a-z0-9_]{3,20}$")]
    email: Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254)]
    password: Annotated[str, Field(min_length=10, max_length=128)]
    password_confirm: str

    @field_validator("username", "email", mode="before")
    @classmethod
    def normalise(cls, value: Any) -> Any:
        """Trim and lower-case before the pattern is checked."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("username")
    @classmethod
    def not_reserved(cls, username: str) -> str:
        if username in RESERVED_USERNAMES:
            raise ValueError("this username is reserved")
        return username

    @field_validator("password")
    @classmethod
    def strong_enough(cls, password: str) -> str:
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValueError("password needs at least one letter and one digit")
        return password

    @model_validator(mode="after")
    def passwords_consistent(self) -> Self:
        """Rules that need several fields; runs only once every field is valid."""
        if self.password != self.password_confirm:
            raise ValueError("passwords do not match")
        if self.username in self.password.lower():
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
