"""Staff sign-in and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.errors import DomainError
from app.security import SESSION_USER, CsrfChecked, csrf_token
from app.services import accounts, audit
from app.templating import render

router = APIRouter(tags=["auth"], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/review"


@router.get("/login", name="login")
async def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "auth/login.html", {"next": _safe_next(next),
                                                "csrf": csrf_token(request)})


@router.post("/login", name="login_submit", dependencies=[CsrfChecked])
async def login(request: Request, session: SessionDep, email: Annotated[str, Form()],
                password: Annotated[str, Form()], next: Annotated[str, Form()] = "/review"
                ) -> Response:
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    key = email.strip().lower()
    throttle.check(key, address)
    try:
        user = await accounts.authenticate(session=session, email=email, password=password)
    except DomainError as exc:
        throttle.failed(key, address)
        await audit.record(session=session, action="login_failed", actor_email=key[:254],
                           detail={"address": address})
        return render(request, "auth/login.html", {
            "next": _safe_next(next), "csrf": csrf_token(request), "error": exc.message,
            "email": email}, status_code=exc.status_code)
    throttle.succeeded(key)
    request.session.clear()  # a fresh session (and CSRF token) at every sign-in
    request.session[SESSION_USER] = user.id
    await audit.record(session=session, action="login", actor=user,
                       detail={"address": address})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", name="logout", dependencies=[CsrfChecked])
async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
