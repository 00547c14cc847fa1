"""What interviewers read: submissions with their full results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.grading.contract import GradeResult
from app.models import Attempt, ChallengeVersion, Submission
from app.services.receipt import Receipt, receipt_for


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    candidate: str
    challenge: str
    slug: str
    kind: str
    number: int | None  # a graded submission's number in its attempt and challenge
    status: str
    verdict: str | None
    score: float | None
    created_at: datetime


@dataclass(frozen=True)
class SubmissionDetail:
    row: SubmissionRow
    version: str
    files: dict[str, str]
    result: GradeResult | None
    receipt: Receipt | None


def _query():  # type: ignore[no-untyped-def]
    return (select(Submission, ChallengeVersion, Attempt)
            .join(ChallengeVersion, ChallengeVersion.id == Submission.challenge_version_id)
            .outerjoin(Attempt, Attempt.id == Submission.attempt_id))


def _row(sub: Submission, version: ChallengeVersion, attempt: Attempt | None) -> SubmissionRow:
    return SubmissionRow(id=sub.id, candidate=attempt.candidate_name if attempt else "(CLI)",
                         challenge=version.title, slug=version.slug, kind=sub.kind,
                         number=sub.number, status=sub.status, verdict=sub.verdict, score=sub.score,
                         created_at=sub.created_at)


async def recent_submissions(*, session: AsyncSession, limit: int = 100) -> list[SubmissionRow]:
    rows = (await session.exec(_query().order_by(Submission.id.desc()).limit(limit))).all()
    return [_row(*row) for row in rows]


async def submission_detail(*, session: AsyncSession, submission_id: int) -> SubmissionDetail:
    found = (await session.exec(_query().where(Submission.id == submission_id))).first()
    if found is None:
        raise NotFound(f"submission {submission_id} not found")
    sub, version, attempt = found
    result = GradeResult.model_validate(sub.result) if sub.result else None
    return SubmissionDetail(row=_row(sub, version, attempt), version=version.version,
                            files=sub.files, result=result,
                            receipt=receipt_for(sub, version, result) if result else None)
