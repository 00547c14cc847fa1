# WRONG: only accepts the exact 'Bearer ' prefix, so 'bearer tok' is a 401 ('The scheme is case-insensitive ... so bearer and BEARER work too')
"""Accounts API: a bearer-token dependency chain.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord`, `USERS` and `TOKENS` as they are: the grader's tests use this data.
"""

from typing import Literal

from fastapi import Depends, FastAPI, Header, HTTPException, status
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


# Style: the Authorization header parsed by hand, default-value Depends, async dependencies,
# plain dicts as responses.


async def get_token(authorization: str | None = Header(default=None)) -> str:
    token = (authorization or "").removeprefix("Bearer ").strip()
    if not (authorization or "").startswith("Bearer ") or not token:
        raise HTTPException(401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return token


async def get_current_user(token: str = Depends(get_token)) -> UserRecord:
    try:
        return USERS[TOKENS[token]]
    except KeyError:
        raise HTTPException(401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"}) from None


async def get_active_user(user: UserRecord = Depends(get_current_user)) -> UserRecord:
    if user.is_active:
        return user
    raise HTTPException(403, detail="Inactive user")


async def require_admin(user: UserRecord = Depends(get_active_user)) -> UserRecord:
    if user.role == "admin":
        return user
    raise HTTPException(403, detail="Admin role required")


def public(user: UserRecord, *fields: str) -> dict:
    return {field: getattr(user, field) for field in fields}


@app.get("/me")
async def read_me(user: UserRecord = Depends(get_active_user)) -> dict:
    return public(user, "username", "full_name", "role")


@app.get("/me/status")
async def read_my_status(user: UserRecord = Depends(get_current_user)) -> dict:
    return public(user, "username", "is_active")


@app.get("/admin/users")
async def list_users(_: UserRecord = Depends(require_admin)) -> list[dict]:
    return [public(USERS[name], "username", "full_name", "role", "is_active") for name in sorted(USERS)]
