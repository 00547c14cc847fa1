# WRONG: password rule checks only for a letter, forgets the digit -- violates "with at least one letter and at least one digit"
"""Sign-up with reusable Annotated types (BeforeValidator / StringConstraints / AfterValidator)
for the single-field rules, and a model_validator for the cross-field rules; APIRouter."""

import itertools
import re
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, status
from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints, model_validator

RESERVED_USERNAMES = frozenset({"admin", "root", "support"})
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

_HAS_LETTER = re.compile(r"[A-Za-z]")
_HAS_DIGIT = re.compile(r"[0-9]")


def _normalise(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _not_reserved(name: str) -> str:
    if name in RESERVED_USERNAMES:
        raise ValueError("this username is reserved")
    return name


def _strong(password: str) -> str:
    if _HAS_LETTER.search(password) is None:
        raise ValueError("use at least one letter and one digit")
    return password


Username = Annotated[
    str,
    BeforeValidator(_normalise),
    StringConstraints(min_length=3, max_length=20, pattern=r"^[a-z0-9_]{3,20}$"),
    AfterValidator(_not_reserved),
]
Email = Annotated[str, BeforeValidator(_normalise), StringConstraints(max_length=254, pattern=EMAIL_PATTERN)]
Password = Annotated[str, StringConstraints(min_length=10, max_length=128), AfterValidator(_strong)]


class SignUp(BaseModel):
    username: Username
    email: Email
    password: Password
    password_confirm: str

    @model_validator(mode="after")
    def _cross_checks(self) -> "SignUp":
        if self.password != self.password_confirm:
            raise ValueError("passwords do not match")
        if self.username.casefold() in self.password.casefold():
            raise ValueError("password must not contain the username")
        return self


class Account(BaseModel):
    id: int
    username: str
    email: str


ACCOUNTS: dict[str, Account] = {}
_next_id = itertools.count(1)

router = APIRouter()


@router.post("/signup", status_code=status.HTTP_201_CREATED, response_model=Account)
async def sign_up(form: SignUp) -> Account:
    if form.username in ACCOUNTS:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Username already taken")
    account = Account(id=next(_next_id), username=form.username, email=form.email)
    ACCOUNTS[account.username] = account
    return account


app = FastAPI(title="Sign-up")
app.include_router(router)
