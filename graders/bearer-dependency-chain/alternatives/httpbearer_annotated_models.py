"""Accounts API: a bearer-token dependency chain.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord`, `USERS` and `TOKENS` as they are: the grader's tests use this data.
"""

from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
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


bearer_scheme = HTTPBearer(auto_error=False, description="Opaque bearer token")


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def get_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)]) -> str:
    # HTTPBearer compares the scheme case-insensitively and gives None for a missing header,
    # another scheme, no scheme, or an empty token.
    if credentials is None or not credentials.credentials:
        raise unauthorized("Not authenticated")
    return credentials.credentials


Token = Annotated[str, Depends(get_token)]


def get_current_user(token: Token) -> UserRecord:
    username = TOKENS.get(token)
    user = USERS.get(username) if username is not None else None
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Invalid token",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return user


CurrentUser = Annotated[UserRecord, Depends(get_current_user)]


def get_active_user(user: CurrentUser) -> UserRecord:
    if not user.is_active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Inactive user")
    return user


ActiveUser = Annotated[UserRecord, Depends(get_active_user)]


def require_admin(user: ActiveUser) -> UserRecord:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Admin role required")
    return user


Admin = Annotated[UserRecord, Depends(require_admin)]


class Me(BaseModel):
    username: str
    full_name: str
    role: Literal["admin", "member"]


class MeStatus(BaseModel):
    username: str
    is_active: bool


class AdminUserView(Me):
    is_active: bool


@app.get("/me", response_model=Me)
def read_me(user: ActiveUser) -> UserRecord:
    return user


@app.get("/me/status", response_model=MeStatus)
def read_my_status(user: CurrentUser) -> UserRecord:
    return user


@app.get("/admin/users", response_model=list[AdminUserView])
def list_users(admin: Admin) -> list[UserRecord]:
    return sorted(USERS.values(), key=lambda u: u.username)
