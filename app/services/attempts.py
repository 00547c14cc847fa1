"""The candidate's hour: start, the server-side deadline, drafts, events, finishing, scores.

The server's clock decides: every write checks the deadline, and a sweeper closes attempts
whose time is up even if the candidate never comes back.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict
from app.models import (
    Attempt,
    AttemptEvent,
    ChallengeProgress,
    ChallengeVersion,
    Draft,
    GradingJob,
    Invite,
    Submission,
    utcnow,
)
from app.services import deadline, drafts, invites, submissions
from app.services.assessments import AssessmentView, get_assessment
from app.services.cache import freeze
from app.services.upsert import insert_or_get

EVENT_KINDS = ("paste", "blur", "focus")


class AttemptClosed(Conflict):
    """Time is up, or the candidate finished: nothing more is accepted."""


class NotStarted(Conflict):
    """The candidate has not pressed Start yet."""


@dataclass(frozen=True)
class CandidateContext:
    """Everything a candidate page needs: whose link it is, what it contains, how far along."""

    token: str
    invite: Invite  # frozen copies (cache.freeze): a context may be cached and shared
    view: AssessmentView
    attempt: Attempt | None

    @property
    def minutes_allowed(self) -> int:
        return self.view.assessment.time_limit_min + self.invite.extra_minutes

    def require_started(self) -> Attempt:
        if self.attempt is None:
            raise NotStarted("press Start on the welcome page first")
        return self.attempt


ViewLoader = Callable[[int, Callable[[], Awaitable[AssessmentView]]], Awaitable[AssessmentView]]


async def load(*, session: AsyncSession, token: str, now: datetime,
               views: ViewLoader | None = None) -> CandidateContext:
    """The context of a link; an attempt whose time ran out is closed on the way.

    `views(assessment_id, load)` may serve the assessment from a cache: its pinned versions
    never change in place (a published regrade clears the cache). The context holds frozen
    copies, never ORM instances, so it can be cached and shared between requests."""
    invite, attempt = await invites.invite_and_attempt(session=session, token=token)

    async def fresh() -> AssessmentView:
        return frozen_view(await get_assessment(session=session,
                                                assessment_id=invite.assessment_id))

    view = await (views(invite.assessment_id, fresh) if views else fresh())
    if attempt is not None and attempt.finished_at is None and now >= attempt.deadline_at:
        await _close(session, attempt, attempt.deadline_at, "deadline")
        await deadline.grade_closed(session=session, attempt_id=attempt.id)
        await session.refresh(attempt)
    return CandidateContext(token, freeze(invite), view,
                            freeze(attempt) if attempt is not None else None)


def frozen_view(view: AssessmentView) -> AssessmentView:
    """The assessment and its versions as frozen copies (what caches may hold)."""
    return AssessmentView(freeze(view.assessment), tuple(freeze(v) for v in view.versions))


def _deadline(ctx: CandidateContext, started: datetime) -> datetime:
    deadline = started + timedelta(minutes=ctx.minutes_allowed)
    closes = ctx.view.assessment.closes_at
    return min(deadline, closes) if closes else deadline


async def start(*, session: AsyncSession, ctx: CandidateContext, now: datetime) -> Attempt:
    """Start the clock (once: starting again returns the attempt already running)."""
    if ctx.attempt is not None:
        return ctx.attempt
    assessment = ctx.view.assessment
    if now >= ctx.invite.expires_at:
        raise Conflict("this invite has expired; ask the company for a new one")
    if assessment.opens_at and now < assessment.opens_at:
        raise Conflict(f"this assessment opens at {assessment.opens_at:%Y-%m-%d %H:%M} UTC")
    if assessment.closes_at and now >= assessment.closes_at:
        raise Conflict("this assessment has closed")
    # Concurrent starts of one link all get the attempt the first one wrote.
    attempt, _ = await insert_or_get(session, Attempt, {
        "invite_id": ctx.invite.id, "candidate_name": ctx.invite.candidate_name,
        "started_at": now, "deadline_at": _deadline(ctx, now)}, key=("invite_id",))
    await session.commit()
    return attempt


def require_open(attempt: Attempt, now: datetime) -> None:
    """Refuse a write after the deadline or after finishing (409, never silently dropped)."""
    if attempt.finished_at is not None and attempt.finish_reason == "finished":
        raise AttemptClosed("this assessment is finished; nothing more can be saved")
    if attempt.finished_at is not None or now >= attempt.deadline_at:
        raise AttemptClosed("time is up; your last saved code was kept")


async def _close(session: AsyncSession, attempt: Attempt, when: datetime, reason: str) -> None:
    await session.exec(update(Attempt).where(Attempt.id == attempt.id,
                                             Attempt.finished_at.is_(None))
                       .values(finished_at=when, finish_reason=reason))
    await session.commit()


async def finish(*, session: AsyncSession, attempt: Attempt, now: datetime) -> None:
    require_open(attempt, now)
    await _close(session, attempt, now, "finished")
    await deadline.grade_closed(session=session, attempt_id=attempt.id)


async def close_expired(*, session: AsyncSession, now: datetime) -> int:
    """The sweeper: close every attempt whose deadline has passed. Returns how many."""
    closed = await session.exec(update(Attempt).where(
        Attempt.finished_at.is_(None), Attempt.deadline_at <= now)
        .values(finished_at=Attempt.deadline_at, finish_reason="deadline"))
    await session.commit()
    return closed.rowcount


async def save_draft(*, session: AsyncSession, attempt: Attempt, version: ChallengeVersion,
                     files: dict[str, str], now: datetime,
                     expected: int | None = None) -> Draft:
    """Keep the latest code as a new revision (a snapshot for playback whenever it changed);
    a save based on a revision older than the stored one is refused (drafts.DraftConflict).
    Concurrent first saves (two submits, two tabs) share one row."""
    require_open(attempt, now)
    return await drafts.save(session=session, attempt_id=attempt.id, version_id=version.id,
                             files=files, now=now, expected=expected)


async def record_event(*, session: AsyncSession, attempt: Attempt, kind: str,
                       version: ChallengeVersion | None, detail: str, now: datetime) -> None:
    if kind not in EVENT_KINDS:
        raise Conflict(f"unknown event {kind!r}")
    require_open(attempt, now)
    session.add(AttemptEvent(attempt_id=attempt.id, kind=kind, detail=detail[:500],
                             challenge_version_id=version.id if version else None,
                             created_at=now))
    await session.commit()


async def submissions_used(*, session: AsyncSession, attempt: Attempt,
                           version: ChallengeVersion) -> int:
    count = await session.exec(select(func.count()).select_from(Submission).where(
        Submission.attempt_id == attempt.id, Submission.challenge_version_id == version.id,
        Submission.kind == "submit"))
    return int(count.one())


@dataclass(frozen=True)
class ChallengeScore:
    slug: str
    title: str
    score: float | None  # None: nothing graded yet
    submissions: int  # within the allowance (the deadline submission is not counted)
    at_deadline: bool = False  # graded automatically when the attempt closed


def counted(graded_or_not: list[Submission], rule: str) -> Submission | None:
    """The submission that counts under the assessment's rule: the last graded one, or the
    best (the earliest of equal bests). `graded_or_not` is in submission order."""
    graded = [s for s in graded_or_not if s.score is not None]
    if not graded:
        return None
    if rule == "last":
        return graded[-1]
    return max(graded, key=lambda s: (s.score or 0.0, -(s.id or 0)))


async def scores(*, session: AsyncSession, ctx: CandidateContext) -> list[ChallengeScore]:
    """Per challenge, the best or the last graded submission (the assessment's rule)."""
    attempt = ctx.attempt
    rows: list[Submission] = []
    if attempt is not None:
        rows = list((await session.exec(select(Submission).where(
            Submission.attempt_id == attempt.id, Submission.kind == "submit")
            .order_by(Submission.id))).all())
    result = []
    for version in ctx.view.versions:
        mine = [r for r in rows if r.challenge_version_id == version.id]
        chosen = counted(mine, ctx.view.assessment.scoring)
        result.append(ChallengeScore(version.slug, version.title,
                                     chosen.score if chosen else None,
                                     sum(1 for r in mine if not r.at_deadline),
                                     any(r.at_deadline for r in mine)))
    return result


def csrf_token(secret: str, invite: Invite) -> str:
    """The candidate has no session cookie: their form token is bound to the link instead."""
    return hmac.new(secret.encode(), f"csrf:{invite.token_hash}".encode(),
                    hashlib.sha256).hexdigest()


def csrf_ok(secret: str, invite: Invite, presented: str) -> bool:
    return hmac.compare_digest(csrf_token(secret, invite), presented)


async def submit(*, session: AsyncSession, ctx: CandidateContext, version: ChallengeVersion,
                 files: dict[str, str], kind: str, now: datetime,
                 expected: int | None = None) -> Submission:
    """A run of the examples, or a graded submission within the assessment's allowance.
    The code is saved as the draft first, so what was submitted is never lost."""
    attempt = ctx.require_started()
    require_open(attempt, now)
    checked = submissions.checked_files(version, files)
    await save_draft(session=session, attempt=attempt, version=version,
                     files=version.content["starter"] | checked, now=now, expected=expected)
    progress, _ = await insert_or_get(session, ChallengeProgress, {
        "attempt_id": attempt.id, "challenge_version_id": version.id},
        key=("attempt_id", "challenge_version_id"))
    if kind == "submit":
        number = await _take_submission(session, progress.id, ctx.view.assessment.max_submissions)
        return await submissions.submit(session=session, version=version, files=checked,
                                        attempt_id=attempt.id, kind=kind, number=number)
    await _make_room_for_examples(session, progress.id, attempt.id, version.id)
    return await submissions.submit(session=session, version=version, files=checked,
                                    attempt_id=attempt.id, kind=kind,
                                    priority=submissions.EXAMPLES_PRIORITY)


async def _take_submission(session: AsyncSession, progress_id: int, allowed: int) -> int:
    """Count one graded submission in one conditional UPDATE of the pair's row: refused while
    the last one is still queued or running, and past the allowance (the database decides, so
    concurrent submits never get more than one in flight or more than the allowance in all).
    Returns its number (1, 2, 3...). Nothing is committed: the submission is written in the
    same transaction."""
    taken = await session.exec(
        update(ChallengeProgress)
        .where(ChallengeProgress.id == progress_id, ChallengeProgress.submissions_pending == 0,
               ChallengeProgress.submissions_used < allowed)
        .values(submissions_used=ChallengeProgress.submissions_used + 1,
                submissions_pending=1))
    if taken.rowcount != 1:
        pending = (await session.exec(select(ChallengeProgress.submissions_pending).where(
            ChallengeProgress.id == progress_id))).one()
        await session.rollback()
        if pending:
            raise SubmissionPending("your last submission of this challenge is still being "
                                    "graded; submit again once its result is in")
        raise Conflict(f"you have used all {allowed} submissions for this challenge")
    return int((await session.exec(select(ChallengeProgress.submissions_used).where(
        ChallengeProgress.id == progress_id))).one())


class SubmissionPending(Conflict):
    """A graded submission of this challenge is queued or running."""


class ExamplesRunning(Conflict):
    """An example run of this challenge is being graded right now."""


async def _make_room_for_examples(session: AsyncSession, progress_id: int, attempt_id: int,
                                  version_id: int) -> None:
    """At most one example run per attempt and challenge is queued or running: a queued one
    is replaced by the new one; a running one refuses the new run (409: its result comes in
    seconds). The UPDATE of the pair's counter comes first so that concurrent runs of the
    pair take turns (SQLite has one writer; PostgreSQL locks the row until commit)."""
    await session.exec(update(ChallengeProgress).where(ChallengeProgress.id == progress_id)
                       .values(example_runs=ChallengeProgress.example_runs + 1))
    mine = select(Submission.id).where(
        Submission.attempt_id == attempt_id, Submission.challenge_version_id == version_id,
        Submission.kind == "examples", Submission.status.in_(("queued", "running")))
    running = (await session.exec(select(GradingJob.id).where(
        GradingJob.submission_id.in_(mine), GradingJob.state == "leased").limit(1))).first()
    if running is not None:
        await session.rollback()
        raise ExamplesRunning("your last run of the examples is still running; run them "
                              "again once its result is in")
    await session.exec(update(GradingJob).where(GradingJob.submission_id.in_(mine),
                                                GradingJob.state == "queued")
                       .values(state="cancelled", finished_at=utcnow()))
    await session.exec(update(Submission).where(
        Submission.id.in_(select(GradingJob.submission_id).where(
            GradingJob.attempt_id == attempt_id, GradingJob.state == "cancelled")),
        Submission.challenge_version_id == version_id, Submission.status == "queued")
        .values(status="replaced"))
