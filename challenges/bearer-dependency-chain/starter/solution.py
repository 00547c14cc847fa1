"""Accounts API: a bearer-token dependency chain.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord`, `USERS` and `TOKENS` as they are: the grader's tests use this data.
"""

from typing import Literal

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Accounts")


class UserRecord(BaseModel):
    """A stored user. `password_hash` must never appear in a response."""

    username: str
    full_name: str
    role: Literal["admin", "member"]
    is_active: bool
    password_hash: str


USERS: dict[str, UserRecord] = {
    "alice": UserRecord(
        username="alice",
        full_name="Alice Admin",
        role="admin",
        is_active=True,
        password_hash="$argon2id$v=19$fake$alice",
    ),
    "bob": UserRecord(
        username="bob",
        full_name="Bob Member",
        role="member",
        is_active=True,
        password_hash="$argon2id$v=19$fake$bob",
    ),
    "carol": UserRecord(
        username="carol",
        full_name="Carol Inactive",
        role="member",
        is_active=False,
        password_hash="$argon2id$v=19$fake$carol",
    ),
    "dave": UserRecord(
        username="dave",
        full_name="Dave Former-Admin",
        role="admin",
        is_active=False,
        password_hash="$argon2id$v=19$fake$dave",
    ),
}

# Opaque bearer tokens -> username. "tok_ghost_0000" belongs to a user that was deleted.
TOKENS: dict[str, str] = {
    "tok_alice_6f1c": "alice",
    "tok_bob_91d2": "bob",
    "tok_carol_3a7e": "carol",
    "tok_dave_c45b": "dave",
    "tok_ghost_0000": "ghost",
}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


# TODO: the dependencies get_token, get_current_user, get_active_user and require_admin.


@app.get("/me")
def read_me() -> dict[str, str]:
    # TODO: protect this route and return the caller (see the statement).
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


# TODO: GET /me/status and GET /admin/users
