"""Admins' pages: staff accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.errors import DomainError
from app.security import AdminUser, CsrfChecked, csrf_token
from app.services import accounts, audit
from app.services.accounts import Role
from app.templating import render

router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)


async def _users_page(request: Request, user: AdminUser, session: SessionDep, *,
                      error: str = "", status_code: int = 200) -> Response:
    users = await accounts.list_users(session=session)
    return render(request, "admin/users.html", {
        "user": user, "users": users, "roles": list(Role), "error": error,
        "csrf": csrf_token(request)}, status_code=status_code)


@router.get("/users", name="admin_users")
async def users(request: Request, user: AdminUser, session: SessionDep) -> Response:
    return await _users_page(request, user, session)


@router.post("/users", name="admin_create_user", dependencies=[CsrfChecked])
async def create_user(request: Request, user: AdminUser, session: SessionDep,
                      email: Annotated[str, Form()], role: Annotated[Role, Form()],
                      password: Annotated[str, Form()]) -> Response:
    try:
        created = await accounts.create_user(session=session, email=email, role=role,
                                             password=password)
    except DomainError as exc:  # shown on the form, with the list still there
        return await _users_page(request, user, session, error=exc.message,
                                 status_code=exc.status_code)
    await audit.record(session=session, action="user_created", actor=user,
                       target=created.email, detail={"role": created.role})
    return RedirectResponse(request.app.url_path_for("admin_users"), status_code=303)


@router.post("/users/{user_id}/deactivate", name="admin_deactivate_user",
             dependencies=[CsrfChecked])
async def deactivate_user(request: Request, user_id: int, user: AdminUser,
                          session: SessionDep) -> Response:
    await accounts.set_active(session=session, user_id=user_id, active=False, acting=user)
    await audit.record(session=session, action="user_deactivated", actor=user,
                       target=f"user {user_id}")
    return RedirectResponse(request.app.url_path_for("admin_users"), status_code=303)
