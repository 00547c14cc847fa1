"""Invites: one secret link per candidate; only the token's hash is stored."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import DomainError, NotFound
from app.models import Attempt, Invite
from app.services.accounts import normalize_email
from app.services.assessments import get_assessment
from app.services.tokens import hash_token


async def create_invite(*, session: AsyncSession, assessment_id: int, candidate_name: str,
                        candidate_email: str, now: datetime, valid_days: int = 7,
                        extra_minutes: int = 0, created_by: int | None = None
                        ) -> tuple[Invite, str]:
    """A new invite and its token (shown once: the link is built from it)."""
    await get_assessment(session=session, assessment_id=assessment_id)  # 404 when unknown
    if not candidate_name.strip():
        raise DomainError("the candidate needs a name")
    if not 1 <= valid_days <= 90:
        raise DomainError("an invite is valid for 1 to 90 days")
    if not 0 <= extra_minutes <= 600:
        raise DomainError("extra time must be between 0 and 600 minutes")
    token = secrets.token_urlsafe(24)
    invite = Invite(assessment_id=assessment_id, candidate_name=candidate_name.strip(),
                    candidate_email=normalize_email(candidate_email),
                    token_hash=hash_token(token), expires_at=now + timedelta(days=valid_days),
                    extra_minutes=extra_minutes, created_by=created_by)
    session.add(invite)
    await session.commit()
    await session.refresh(invite)
    return invite, token


async def invite_by_token(*, session: AsyncSession, token: str) -> Invite:
    """The invite a link names. Revoked links are gone; expiry is checked when starting."""
    return (await invite_and_attempt(session=session, token=token))[0]


async def invite_and_attempt(*, session: AsyncSession,
                             token: str) -> tuple[Invite, Attempt | None]:
    """The invite a link names and its attempt (if started), in one query."""
    if not 16 <= len(token) <= 128:
        raise NotFound("this link is not valid")
    found = (await session.exec(
        select(Invite, Attempt).outerjoin(Attempt, Attempt.invite_id == Invite.id)
        .where(Invite.token_hash == hash_token(token)))).first()
    if found is None or found[0].revoked_at is not None:
        raise NotFound("this link is not valid")
    return found[0], found[1]


async def revoke_invite(*, session: AsyncSession, invite_id: int, now: datetime) -> Invite:
    invite = await session.get(Invite, invite_id)
    if invite is None:
        raise NotFound(f"no invite {invite_id}")
    invite.revoked_at = invite.revoked_at or now
    session.add(invite)
    await session.commit()
    return invite


async def restore_invite(*, session: AsyncSession, invite_id: int) -> Invite:
    """Undo a revocation: the same link works again (its expiry still applies)."""
    invite = await session.get(Invite, invite_id)
    if invite is None:
        raise NotFound(f"no invite {invite_id}")
    invite.revoked_at = None
    session.add(invite)
    await session.commit()
    return invite


async def list_invites(*, session: AsyncSession,
                       assessment_id: int) -> list[tuple[Invite, Attempt | None]]:
    rows = (await session.exec(
        select(Invite, Attempt).outerjoin(Attempt, Attempt.invite_id == Invite.id)
        .where(Invite.assessment_id == assessment_id).order_by(Invite.id))).all()
    return [(invite, attempt) for invite, attempt in rows]
