"""The audit log: who did what and when. Only `record` writes; nothing updates or deletes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models import AuditEntry, User, utcnow

ACTIONS = ("login", "login_failed", "logout", "user_created", "user_deactivated",
           "assessment_created", "invite_created", "invite_revoked",
           "invite_restored", "question_edited",
           "questions_imported", "challenge_published", "regrade_started", "regrade_published",
           "review_saved", "results_exported", "token_issued")
PAGE_SIZE = 50


async def record(*, session: AsyncSession, action: str, actor: User | None = None,
                 target: str = "", detail: dict[str, Any] | None = None,
                 actor_email: str = "", commit: bool = True) -> None:
    """Append one entry (by default in its own commit, after the action it records)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(AuditEntry(at=utcnow(), actor_id=actor.id if actor else None,
                           actor=actor.email if actor else actor_email, action=action,
                           target=target[:200], detail=detail or {}))
    if commit:
        await session.commit()


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


async def entries(*, session: AsyncSession, action: str = "", actor: str = "",
                  page: int = 1) -> AuditPage:
    query = select(AuditEntry)
    counting = select(func.count()).select_from(AuditEntry)
    if action:
        query, counting = (query.where(AuditEntry.action == action),
                           counting.where(AuditEntry.action == action))
    if actor:
        pattern = f"%{actor.lower()}%"
        query, counting = (query.where(AuditEntry.actor.like(pattern)),
                           counting.where(AuditEntry.actor.like(pattern)))
    total = int((await session.exec(counting)).one())
    rows = (await session.exec(query.order_by(AuditEntry.id.desc())
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))).all()
    return AuditPage(list(rows), total, page)
