"""Submitting code and reading a submission's status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.grading import queue
from app.grading.contract import GradeResult
from app.library.loader import Challenge
from app.library.submission import check_files
from app.models import ChallengeVersion, GradingJob, Submission
from app.services.versions import ensure_version

LIVE_PRIORITY = 10
EXAMPLES_PRIORITY = 20  # example runs rank below graded submissions
REGRADE_PRIORITY = 100  # lower runs first: candidates' live submissions always go before


def checked_files(version: ChallengeVersion, files: dict[str, str | bytes]) -> dict[str, str]:
    return check_files(version.content["starter"], files)


async def submit(*, session: AsyncSession, version: ChallengeVersion,
                 files: dict[str, str | bytes], attempt_id: int | None = None,
                 kind: str = "submit", priority: int = LIVE_PRIORITY,
                 number: int | None = None, commit: bool = True) -> Submission:
    """Check the files, then write the submission and its grading job in one transaction."""
    checked = checked_files(version, files)
    submission = Submission(attempt_id=attempt_id, challenge_version_id=version.id, kind=kind,
                            number=number, files=checked)
    session.add(submission)
    await session.flush()
    session.add(GradingJob(submission_id=submission.id, attempt_id=attempt_id,
                           priority=priority))
    if commit:
        await session.commit()
        await session.refresh(submission)
    return submission


async def submit_challenge(*, session: AsyncSession, challenge: Challenge,
                           files: dict[str, str | bytes], attempt_id: int | None = None,
                           kind: str = "submit") -> Submission:
    """Submit against the library's current version of a challenge."""
    version = await ensure_version(session=session, challenge=challenge)
    return await submit(session=session, version=version, files=files, attempt_id=attempt_id,
                        kind=kind)


@dataclass(frozen=True)
class SubmissionStatus:
    id: int
    slug: str
    kind: str
    number: int | None  # a graded submission's number in its attempt and challenge
    status: str
    queue_position: int | None
    phase: str | None
    result: GradeResult | None

    def candidate_view(self) -> dict[str, Any]:
        """Hidden runs show titles and pass/fail; example runs (visible tests) show messages."""
        view: dict[str, Any] = {"id": self.id, "kind": self.kind, "number": self.number,
                                "status": self.status,
                                "queue_position": self.queue_position, "phase": self.phase}
        if self.result is not None:
            view |= self.result.candidate_view()
            if self.kind == "examples":
                view["tests"] = [t.model_dump(include={"title", "passed", "message"})
                                 for t in self.result.tests]
        return view


async def get_status(*, session: AsyncSession, submission_id: int,
                     attempt_id: int | None = None) -> SubmissionStatus:
    # Polled by every waiting candidate: one query, only the columns the status needs (not the
    # files, not the version's content), the queue position counted beside them.
    found = (await session.exec(
        select(Submission.attempt_id, Submission.status, Submission.phase, Submission.kind,
               Submission.number, Submission.result, ChallengeVersion.slug,
               queue.JOB.state.label("job_state"),
               queue.JOBS_AHEAD.label("ahead"))
        .join(ChallengeVersion, ChallengeVersion.id == Submission.challenge_version_id)
        .outerjoin(queue.JOB, queue.JOB.submission_id == Submission.id)
        .where(Submission.id == submission_id))).first()
    if found is None or (attempt_id is not None and found.attempt_id != attempt_id):
        raise NotFound(f"submission {submission_id} not found")
    position = int(found.ahead) + 1 if found.job_state == "queued" else None
    result = GradeResult.model_validate(found.result) if found.result else None
    return SubmissionStatus(id=submission_id, slug=found.slug, kind=found.kind,
                            number=found.number, status=found.status, queue_position=position,
                            phase=found.phase, result=result)
