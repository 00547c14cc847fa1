"""`/admin/audit`: the audit log, newest first (admins only; nothing here changes it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.security import AdminUser, csrf_token
from app.services import audit
from app.templating import render

router = APIRouter(prefix="/admin/audit", tags=["admin"], include_in_schema=False)
Action = Annotated[str, Query(pattern=r"^(|" + "|".join(audit.ACTIONS) + ")$")]


@router.get("", name="admin_audit")
async def audit_log(request: Request, user: AdminUser, session: SessionDep, action: Action = "",
                    actor: Annotated[str, Query(max_length=254)] = "",
                    page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    found = await audit.entries(session=session, action=action, actor=actor.strip(), page=page)
    return render(request, "admin/audit.html", {
        "user": user, "csrf": csrf_token(request), "log": found, "action": action,
        "actor": actor, "actions": audit.ACTIONS})
