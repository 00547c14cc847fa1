"""Grading workers: claim a job, run it in the sandbox, record the result exactly once.

Workers run inside the app (lifespan, `settings.workers` of them) or as `crucible worker`
processes on any host with Docker that reaches the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.grading import queue
from app.grading.contract import GradeRequest, GradeResult, Verdict
from app.models import ChallengeVersion, GradingJob, Submission
from app.services.versions import request_for

log = logging.getLogger(__name__)
class Grade(Protocol):
    async def __call__(self, request: GradeRequest, *,
                       on_phase: Callable[[str], Awaitable[None]] | None = None
                       ) -> GradeResult: ...


class Worker:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], grade: Grade, *,
                 lease_s: float, max_attempts: int, poll_s: float,
                 wakeup: queue.Wakeup | None = None) -> None:
        self.sessions = sessions
        self.grade = grade
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self.poll_s = poll_s
        self.wakeup = wakeup or queue.Wakeup()
        self.owner = f"worker-{secrets.token_hex(6)}"

    async def run_forever(self) -> None:
        while True:
            try:
                worked = await self.run_once()
            except Exception:  # a worker must outlive any single job's failure
                log.exception("grading worker %s failed on a job", self.owner)
                worked = False
            if not worked:
                await self.wakeup.wait(self.poll_s)

    async def run_once(self) -> bool:
        """Grade one job if there is one. True when a job was handled."""
        async with self.sessions() as session:
            job = await queue.claim(session, self.owner, self.lease_s)
            if job is None:
                return False
            submission = await session.get(Submission, job.submission_id)
            version = await session.get(ChallengeVersion, submission.challenge_version_id)
            request = request_for(version, submission.files, examples=submission.kind == "examples")
            await queue.mark_running(session, job.submission_id)
        if job.attempts > self.max_attempts:
            # Claimed again and again without a result: each try ended its worker (a crash,
            # a kill). Stop here rather than loop; the platform is at fault, not the candidate.
            result = GradeResult(verdict=Verdict.SANDBOX_ERROR,
                                 detail=f"gave up after {job.attempts - 1} interrupted tries")
        else:
            result = await self._grade_with_lease(job, request)
        async with self.sessions() as session:
            if await queue.should_retry(job, result, self.max_attempts):
                log.warning("sandbox error on job %s (try %s): %s", job.id, job.attempts,
                            result.detail)
                await queue.retry_later(session, job, self.owner)
            elif not await queue.complete(session, job, self.owner, result):
                log.warning("job %s: lease lost, result of %s discarded", job.id, self.owner)
        return True

    async def _grade_with_lease(self, job: GradingJob, request: GradeRequest) -> GradeResult:
        """Grade while renewing the lease, so a long run is not taken for a dead worker."""
        renewer = asyncio.create_task(self._renew(job.id))

        async def on_phase(phase: str) -> None:
            async with self.sessions() as session:
                await queue.set_phase(session, job.submission_id, phase)

        try:
            return await self.grade(request, on_phase=on_phase)
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer

    async def _renew(self, job_id: int) -> None:
        while True:
            await asyncio.sleep(self.lease_s / 3)
            async with self.sessions() as session:
                await queue.renew(session, job_id, self.owner, self.lease_s)
