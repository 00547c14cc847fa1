"""Code that was written is never left ungraded: when an attempt closes (the deadline or
Finish), every challenge whose latest draft differs from its last submission is submitted
automatically, outside the allowance, and marked as submitted at the deadline.

Exactly once per attempt and challenge, whoever closes it (the candidate's request, another
tab, the sweeper in any process): the insert is conditional on the unique constraint
(attempt, challenge, at_deadline), `INSERT ... ON CONFLICT DO NOTHING`. The sweeper also
catches attempts whose closer died between closing and submitting (`grade_pending`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import DomainError
from app.library.submission import check_files
from app.models import Attempt, ChallengeVersion, Draft, GradingJob, Submission, utcnow
from app.services.submissions import LIVE_PRIORITY

log = logging.getLogger(__name__)
PENDING_WINDOW = timedelta(days=2)  # how far back the sweeper looks for closed attempts


def _insert_once(dialect: str):  # type: ignore[no-untyped-def]
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        return None
    return dialect_insert(Submission).on_conflict_do_nothing(
        index_elements=["attempt_id", "challenge_version_id", "at_deadline"])


async def _submit_once(session: AsyncSession, attempt_id: int, version_id: int,
                       files: dict[str, str]) -> int | None:
    """The deadline submission's id, or None when one exists already. Commits."""
    values = {"attempt_id": attempt_id, "challenge_version_id": version_id, "kind": "submit",
              "files": files, "status": "queued", "created_at": utcnow(), "at_deadline": True}
    dialect = session.bind.dialect.name if session.bind is not None else ""
    statement = _insert_once(dialect)
    try:
        if statement is None:
            statement = insert(Submission)
        row = (await session.exec(statement.values(**values)  # type: ignore[call-overload]
                                  .returning(Submission.id))).first()
    except IntegrityError:  # other databases: the constraint refuses the second one
        await session.rollback()
        return None
    if row is None:  # nothing written: end the transaction (a commit keeps loaded rows usable)
        await session.commit()
        return None
    session.add(GradingJob(submission_id=row[0], attempt_id=attempt_id, priority=LIVE_PRIORITY))
    await session.commit()
    return int(row[0])


async def grade_closed(*, session: AsyncSession, attempt_id: int) -> list[int]:
    """Submit, once, every challenge of a closed attempt whose draft differs from its last
    submission (or from the starter, when it was never submitted). Returns the new ids."""
    drafts = (await session.exec(select(Draft.challenge_version_id, Draft.files).where(
        Draft.attempt_id == attempt_id))).all()
    if not drafts:
        return []
    subs = (await session.exec(select(Submission.challenge_version_id, Submission.files,
                                      Submission.at_deadline).where(
        Submission.attempt_id == attempt_id, Submission.kind == "submit")
        .order_by(Submission.id))).all()
    last: dict[int, dict[str, str]] = {}
    done: set[int] = set()
    for version_id, files, at_deadline in subs:
        last[version_id] = files
        if at_deadline:
            done.add(version_id)
    created = []
    for version_id, draft_files in drafts:
        if version_id in done:
            continue
        starter = (await session.exec(select(ChallengeVersion.content).where(
            ChallengeVersion.id == version_id))).one()["starter"]
        if draft_files == starter | last.get(version_id, {}):
            continue
        try:
            files = check_files(starter, draft_files)
        except DomainError as exc:  # a draft is checked when saved; never expected here
            log.error("deadline submission of attempt %s skipped: %s", attempt_id, exc.message)
            continue
        new_id = await _submit_once(session, attempt_id, version_id, files)
        if new_id is not None:
            created.append(new_id)
    return created


async def grade_pending(*, session: AsyncSession, now: datetime) -> list[int]:
    """The sweeper's pass: closed attempts (recently) with a draft newer than their last
    submission and no deadline submission yet."""
    newer_submission = exists().where(
        Submission.attempt_id == Draft.attempt_id,
        Submission.challenge_version_id == Draft.challenge_version_id,
        Submission.kind == "submit",
        (Submission.created_at >= Draft.updated_at) | Submission.at_deadline.is_(True))
    attempt_ids = (await session.exec(
        select(Draft.attempt_id).distinct()
        .join(Attempt, and_(Attempt.id == Draft.attempt_id))
        .where(Attempt.finished_at.is_not(None),
               Attempt.finished_at >= now - PENDING_WINDOW, ~newer_submission))).all()
    created = []
    for attempt_id in attempt_ids:
        created += await grade_closed(session=session, attempt_id=attempt_id)
    return created
