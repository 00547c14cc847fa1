"""What the challenge page shows of one challenge in one attempt, read in one round trip.

The page is the one candidates reload; its draft, latest run and submission count come from a
single SELECT of scalar subqueries (valid on SQLite and PostgreSQL) instead of three queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models import Draft, Submission


@dataclass(frozen=True)
class Workspace:
    draft_files: dict[str, str] | None
    saved_at: datetime | None
    revision: int  # the draft's revision (0: none saved yet); saves are based on it
    latest_submission_id: int | None
    submissions_used: int


async def load_workspace(*, session: AsyncSession, attempt_id: int,
                         version_id: int) -> Workspace:
    draft = (Draft.attempt_id == attempt_id, Draft.challenge_version_id == version_id)
    runs = (Submission.attempt_id == attempt_id, Submission.challenge_version_id == version_id)
    row = (await session.exec(select(
        select(Draft.files).where(*draft).scalar_subquery(),
        select(Draft.updated_at).where(*draft).scalar_subquery(),
        select(Draft.revision).where(*draft).scalar_subquery(),
        select(Submission.id).where(*runs, Submission.kind != "regrade")
        .order_by(Submission.id.desc()).limit(1)
        .scalar_subquery(),
        select(func.count()).select_from(Submission).where(*runs, Submission.kind == "submit")
        .scalar_subquery(),
    ))).one()
    files, saved_at, revision, latest_id, used = row
    return Workspace(draft_files=files, saved_at=saved_at, revision=int(revision or 0),
                     latest_submission_id=latest_id,
                     submissions_used=int(used or 0))
