"""Sign-up with field and model validators (Pydantic v2).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `SignUp`, `Account`, `ACCOUNTS` and `RESERVED_USERNAMES`.
"""

import itertools

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Sign-up")

RESERVED_USERNAMES = frozenset({"admin", "root", "support"})
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class SignUp(BaseModel):
    # TODO: the rules from the statement, with field and model validators.
    username: str
    email: str
    password: str
    password_confirm: str


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
