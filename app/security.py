"""Who is asking: staff sessions (signed cookie), API bearer tokens, roles and CSRF."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request

from app.deps import SessionDep
from app.errors import Forbidden, Unauthorized
from app.models import User
from app.services import accounts
from app.services.accounts import Role

SESSION_USER = "uid"
SESSION_CSRF = "csrf"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Unauthorized):
    """No staff session: pages redirect to the login form, the API answers 401."""


class CsrfFailed(Forbidden):
    """A state-changing request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use); forms and htmx requests send it back."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = request.session[SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


async def verify_csrf(request: Request) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    presented = request.headers.get("X-CSRF-Token")
    if presented is None:
        form = await request.form()
        presented = str(form.get("csrf", ""))
    expected = request.session.get(SESSION_CSRF, "")
    if not expected or not hmac.compare_digest(expected, presented):
        raise CsrfFailed("this form has expired; reload the page and try again")


async def current_staff(request: Request, session: SessionDep) -> User:
    user_id = request.session.get(SESSION_USER)
    user = await accounts.get_active_user(session=session, user_id=user_id) if user_id else None
    if user is None:
        request.session.pop(SESSION_USER, None)
        raise LoginRequired("please sign in")
    return user


def bearer_token(request: Request, what: str) -> str:
    """The token of an `Authorization: Bearer <token>` header; 401 naming `what` without one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(f"send {what}: Authorization: Bearer <token>")
    return token.strip()


async def api_user(request: Request, session: SessionDep) -> User:
    token = bearer_token(request, "an API token")
    return await accounts.user_for_token(session=session, token=token)


def require_role(*roles: Role):  # type: ignore[no-untyped-def]
    allowed = {r.value for r in roles}

    async def check(user: Annotated[User, Depends(current_staff)]) -> User:
        if user.role not in allowed:
            raise Forbidden("your role does not allow this")
        return user

    return check


StaffUser = Annotated[User, Depends(require_role(Role.ADMIN, Role.INTERVIEWER))]
AdminUser = Annotated[User, Depends(require_role(Role.ADMIN))]
ApiUser = Annotated[User, Depends(api_user)]
CsrfChecked = Depends(verify_csrf)
