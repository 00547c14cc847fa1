"""Accounts API -- KNOWN-WRONG solution.

Mistake: the invalid-token 401 is raised without a WWW-Authenticate header.

token (get_token) -> user (get_current_user) -> active user (get_active_user)
-> admin (require_admin).
Each step adds one rule, and each route depends on exactly the step it needs.
"""

from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, status
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


class UserPublic(BaseModel):
    username: str
    full_name: str
    role: Literal["admin", "member"]


class UserStatus(BaseModel):
    username: str
    is_active: bool


class UserAdminView(UserPublic):
    is_active: bool


# auto_error=False: we raise our own 401 so the contract does not depend on the FastAPI version
# (HTTPBearer answered 403 for missing credentials before 0.122).
bearer_scheme = HTTPBearer(auto_error=False)


def _unauthorized(detail: str, challenge: str = "Bearer") -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": challenge}
    )


def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> str:
    """The bearer token from `Authorization: Bearer <token>` (scheme case-insensitive)."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("Not authenticated")
    return credentials.credentials


def get_current_user(token: Annotated[str, Depends(get_token)]) -> UserRecord:
    """The user the token belongs to, active or not."""
    username = TOKENS.get(token)
    user = USERS.get(username) if username is not None else None
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Invalid token")
    return user


def get_active_user(user: Annotated[UserRecord, Depends(get_current_user)]) -> UserRecord:
    """Authenticated and allowed to use the API: an inactive account is forbidden, not unknown."""
    if not user.is_active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Inactive user")
    return user


def require_admin(user: Annotated[UserRecord, Depends(get_active_user)]) -> UserRecord:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Admin role required")
    return user


CurrentUser = Annotated[UserRecord, Depends(get_current_user)]
ActiveUser = Annotated[UserRecord, Depends(get_active_user)]
AdminUser = Annotated[UserRecord, Depends(require_admin)]

AUTH_ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Missing or invalid bearer token"},
    403: {"description": "Inactive user, or not allowed"},
}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/me", response_model=UserPublic, responses=AUTH_ERRORS)
def read_me(user: ActiveUser) -> UserRecord:
    return user


@app.get("/me/status", response_model=UserStatus, responses=AUTH_ERRORS)
def read_my_status(user: CurrentUser) -> UserRecord:
    return user


@app.get("/admin/users", response_model=list[UserAdminView], responses=AUTH_ERRORS)
def list_users(_admin: AdminUser) -> list[UserRecord]:
    return [USERS[name] for name in sorted(USERS)]
