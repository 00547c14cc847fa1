"""The durable grading queue on the grading_jobs table.

Claims are a conditional UPDATE (portable to SQLite and PostgreSQL): whoever changes the row
owns the lease. A lease that expires (crashed worker, killed host) makes the job claimable
again. A result is written only by the current lease owner, in the same transaction that marks
the job done, so a submission is graded exactly once however many workers raced for it.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from sqlalchemy import and_, func, or_, tuple_, update
from sqlalchemy.orm import aliased
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.grading.contract import GradeResult, Verdict
from app.models import ChallengeProgress, GradingJob, Submission, utcnow

SANDBOX_RETRY_DELAY_S = 1.0


class Wakeup:
    """Lets in-process workers react to a new job at once instead of waiting for a poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
        self._event.clear()


def _claimable(now):  # type: ignore[no-untyped-def]
    return or_(
        and_(GradingJob.state == "queued", GradingJob.available_at <= now),
        and_(GradingJob.state == "leased", GradingJob.lease_expires_at < now),
    )


# Fair turns between candidates: among the claimable jobs of the most urgent priority, the
# attempt with the fewest running jobs goes first, then the one served least recently (never
# served first), then the oldest job. One candidate's burst delays another's job by at most
# the one grading already running. Correlated on the candidate job (portable SQL).
_OTHER = aliased(GradingJob, name="other")
_RUNNING_OF_ITS_ATTEMPT = (select(func.count(_OTHER.id)).where(
    _OTHER.attempt_id == GradingJob.attempt_id, _OTHER.state == "leased")
    .correlate(GradingJob).scalar_subquery())
_LAST_SERVED = (select(func.max(_OTHER.claimed_at)).where(
    _OTHER.attempt_id == GradingJob.attempt_id)
    .correlate(GradingJob).scalar_subquery())
CLAIM_ORDER = (GradingJob.priority, _RUNNING_OF_ITS_ATTEMPT, _LAST_SERVED.asc().nulls_first(),
               GradingJob.id)


async def claim(session: AsyncSession, owner: str, lease_s: float) -> GradingJob | None:
    """Lease the next claimable job (CLAIM_ORDER), or return None when there is none."""
    for _ in range(5):  # another worker may win the race for the row we picked
        now = utcnow()
        job_id = (await session.exec(
            select(GradingJob.id).where(_claimable(now)).order_by(*CLAIM_ORDER).limit(1)
        )).first()
        if job_id is None:
            return None
        won = await session.exec(
            update(GradingJob).where(GradingJob.id == job_id, _claimable(now)).values(
                state="leased", lease_owner=owner, attempts=GradingJob.attempts + 1,
                lease_expires_at=now + timedelta(seconds=lease_s), claimed_at=now)
        )
        await session.commit()
        if won.rowcount == 1:
            return await session.get(GradingJob, job_id, populate_existing=True)
    return None


async def renew(session: AsyncSession, job_id: int, owner: str, lease_s: float) -> bool:
    done = await session.exec(
        update(GradingJob)
        .where(GradingJob.id == job_id, GradingJob.lease_owner == owner,
               GradingJob.state == "leased")
        .values(lease_expires_at=utcnow() + timedelta(seconds=lease_s))
    )
    await session.commit()
    return done.rowcount == 1


async def mark_running(session: AsyncSession, submission_id: int) -> None:
    await session.exec(update(Submission).where(Submission.id == submission_id,
                                                Submission.status == "queued")
                       .values(status="running"))
    await session.commit()


async def set_phase(session: AsyncSession, submission_id: int, phase: str) -> None:
    await session.exec(update(Submission).where(Submission.id == submission_id,
                                                Submission.status == "running")
                       .values(phase=phase[:10]))
    await session.commit()


async def complete(session: AsyncSession, job: GradingJob, owner: str,
                   result: GradeResult) -> bool:
    """Record the result once. False when the lease was lost (someone else owns the job now)."""
    now = utcnow()
    won = await session.exec(
        update(GradingJob)
        .where(GradingJob.id == job.id, GradingJob.lease_owner == owner,
               GradingJob.state == "leased")
        .values(state="done", finished_at=now, lease_expires_at=None)
    )
    if won.rowcount != 1:
        await session.rollback()
        return False
    scored = result.verdict.is_candidate_outcome
    await session.exec(
        update(Submission).where(Submission.id == job.submission_id, Submission.status != "done")
        .values(status="done", verdict=result.verdict.value,
                score=result.score if scored else None,
                result=result.model_dump(mode="json"), graded_at=now)
    )
    # The candidate may submit this challenge again (attempts.submit's conditional UPDATE).
    graded = select(Submission.attempt_id, Submission.challenge_version_id).where(
        Submission.id == job.submission_id, Submission.kind == "submit")
    await session.exec(update(ChallengeProgress).where(
        tuple_(ChallengeProgress.attempt_id, ChallengeProgress.challenge_version_id).in_(graded))
        .values(submissions_pending=0))
    await session.commit()
    return True


async def retry_later(session: AsyncSession, job: GradingJob, owner: str) -> bool:
    """Put a job back after a platform fault; it keeps its place in line."""
    back = await session.exec(
        update(GradingJob)
        .where(GradingJob.id == job.id, GradingJob.lease_owner == owner,
               GradingJob.state == "leased")
        .values(state="queued", lease_owner=None, lease_expires_at=None,
                available_at=utcnow() + timedelta(seconds=SANDBOX_RETRY_DELAY_S * job.attempts))
    )
    await session.commit()
    return back.rowcount == 1


async def should_retry(job: GradingJob, result: GradeResult, max_attempts: int) -> bool:
    return result.verdict is Verdict.SANDBOX_ERROR and job.attempts < max_attempts


JOB = aliased(GradingJob, name="job")  # built once: an alias per call defeats the SQL cache
# How many queued jobs run before JOB (correlated: select it beside a join to JOB).
JOBS_AHEAD = (select(func.count(GradingJob.id)).where(
    GradingJob.state == "queued",
    or_(GradingJob.priority < JOB.priority,
        and_(GradingJob.priority == JOB.priority, GradingJob.id < JOB.id)))
    .correlate(JOB).scalar_subquery())
