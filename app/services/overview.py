"""What staff see of assessments: counts, where each invite stands, and its scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.models import Assessment, AssessmentItem, Attempt, Invite, QuizSection
from app.services import assessments, attempts, invites
from app.services.assessments import AssessmentView
from app.services.attempts import CandidateContext, ChallengeScore


class InviteStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    FINISHED = "finished"
    EXPIRED = "expired"
    REVOKED = "revoked"


def as_utc(value: datetime) -> datetime:
    """Aware UTC, whatever the database handed back (naive values are stored as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def invite_status(invite: Invite, attempt: Attempt | None, assessment: Assessment,
                  now: datetime) -> InviteStatus:
    """Revoked beats everything; a link that can no longer be started has expired; an
    attempt past its deadline is finished even before the sweeper has closed it."""
    now = as_utc(now)
    if invite.revoked_at is not None:
        return InviteStatus.REVOKED
    if attempt is None:
        closed = assessment.closes_at is not None and now >= as_utc(assessment.closes_at)
        if closed or now >= as_utc(invite.expires_at):
            return InviteStatus.EXPIRED
        return InviteStatus.NOT_STARTED
    if attempt.finished_at is not None or now >= as_utc(attempt.deadline_at):
        return InviteStatus.FINISHED
    return InviteStatus.IN_PROGRESS


@dataclass(frozen=True)
class AssessmentSummary:
    assessment: Assessment
    challenges: int
    invites: int


async def summaries(*, session: AsyncSession) -> list[AssessmentSummary]:
    """Every assessment, newest first, with how many challenges and invites it has."""
    items = dict((await session.exec(
        select(AssessmentItem.assessment_id, func.count())
        .group_by(AssessmentItem.assessment_id))).all())
    sent = dict((await session.exec(
        select(Invite.assessment_id, func.count()).group_by(Invite.assessment_id))).all())
    return [AssessmentSummary(a, items.get(a.id, 0), sent.get(a.id, 0))
            for a in await assessments.list_assessments(session=session)]


@dataclass(frozen=True)
class InviteResult:
    invite: Invite
    attempt: Attempt | None
    status: InviteStatus
    scores: list[ChallengeScore]  # one per challenge, in the assessment's order
    quiz_score: float | None = None  # the knowledge check, once its section has ended

    @property
    def overall(self) -> float | None:
        """The mean over the challenges (ungraded counts as 0); None before a start."""
        if self.attempt is None or not self.scores:
            return None
        return sum(s.score or 0.0 for s in self.scores) / len(self.scores)

    @property
    def graded(self) -> bool:
        return any(s.score is not None for s in self.scores)


async def results(*, session: AsyncSession, view: AssessmentView,
                  now: datetime) -> list[InviteResult]:
    """Every invite of the assessment, oldest first, with its status and scores."""
    rows = []
    listed = await invites.list_invites(session=session, assessment_id=view.assessment.id)
    started = [attempt.id for _, attempt in listed if attempt is not None]
    sections = {s.attempt_id: s for s in (await session.exec(select(QuizSection).where(
        QuizSection.attempt_id.in_(started)))).all()} if started else {}
    for invite, attempt in listed:
        ctx = CandidateContext(token="", invite=invite, view=view, attempt=attempt)
        section = sections.get(attempt.id) if attempt is not None else None
        rows.append(InviteResult(
            invite, attempt, invite_status(invite, attempt, view.assessment, now),
            await attempts.scores(session=session, ctx=ctx),
            section.score if section is not None else None))
    return rows


async def invite_of(*, session: AsyncSession, assessment_id: int, invite_id: int) -> Invite:
    """An invite of this assessment (an invite of another one is not found here)."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.assessment_id != assessment_id:
        raise NotFound(f"assessment {assessment_id} has no invite {invite_id}")
    return invite


async def revoke(*, session: AsyncSession, assessment_id: int, invite_id: int,
                 now: datetime) -> Invite:
    """Revoke an invite of this assessment."""
    await invite_of(session=session, assessment_id=assessment_id, invite_id=invite_id)
    return await invites.revoke_invite(session=session, invite_id=invite_id, now=now)


async def restore(*, session: AsyncSession, assessment_id: int, invite_id: int) -> Invite:
    """Restore a revoked invite of this assessment."""
    await invite_of(session=session, assessment_id=assessment_id, invite_id=invite_id)
    return await invites.restore_invite(session=session, invite_id=invite_id)
