"""Regrading: after a fix, the submissions of chosen assessments are graded again against the
challenge's newest version, at low priority (candidates' live submissions go first). Nothing
changes for anyone until an admin reads the before/after diff and publishes the run: then the
assessments are re-pinned to the new version and the submissions carry their new results."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict, DomainError, NotFound
from app.models import (
    Assessment,
    AssessmentItem,
    Attempt,
    AttemptEvent,
    ChallengeVersion,
    Draft,
    Invite,
    RegradeItem,
    RegradeRun,
    Snapshot,
    Submission,
    User,
    utcnow,
)
from app.services import audit
from app.services.submissions import REGRADE_PRIORITY, submit


@dataclass(frozen=True)
class Candidate:
    """An assessment that pins an older version of the challenge."""

    assessment: Assessment
    version: ChallengeVersion
    submissions: int


async def newest_version(*, session: AsyncSession, slug: str) -> ChallengeVersion:
    found = (await session.exec(select(ChallengeVersion).where(ChallengeVersion.slug == slug)
                                .order_by(ChallengeVersion.id.desc()).limit(1))).first()
    if found is None:
        raise NotFound(f"no challenge {slug!r}")
    return found


async def candidates(*, session: AsyncSession, slug: str) -> list[Candidate]:
    newest = await newest_version(session=session, slug=slug)
    rows = (await session.exec(
        select(Assessment, ChallengeVersion)
        .join(AssessmentItem, AssessmentItem.assessment_id == Assessment.id)
        .join(ChallengeVersion, ChallengeVersion.id == AssessmentItem.challenge_version_id)
        .where(ChallengeVersion.slug == slug, ChallengeVersion.id != newest.id)
        .order_by(Assessment.id))).all()
    found = []
    for assessment, version in rows:
        count = len(await _graded(session, assessment.id, version.id))
        found.append(Candidate(assessment, version, count))
    return found


async def _graded(session: AsyncSession, assessment_id: int,
                  version_id: int) -> list[Submission]:
    return list((await session.exec(
        select(Submission).join(Attempt, Attempt.id == Submission.attempt_id)
        .join(Invite, Invite.id == Attempt.invite_id)
        .where(Invite.assessment_id == assessment_id, Submission.kind == "submit",
               Submission.challenge_version_id == version_id)
        .order_by(Submission.id))).all())


async def start(*, session: AsyncSession, slug: str, assessment_ids: list[int],
                user: User) -> RegradeRun:
    if not assessment_ids:
        raise DomainError("choose at least one assessment to regrade")
    newest = await newest_version(session=session, slug=slug)
    eligible = {c.assessment.id: c for c in await candidates(session=session, slug=slug)}
    unknown = [a for a in assessment_ids if a not in eligible]
    if unknown:
        raise DomainError(f"assessment {unknown[0]} does not use an older version of {slug}")
    run = RegradeRun(slug=slug, to_version_id=newest.id, assessment_ids=sorted(assessment_ids),
                     created_by=user.id)
    session.add(run)
    await session.flush()
    for assessment_id in run.assessment_ids:
        old = eligible[assessment_id].version
        for sub in await _graded(session, assessment_id, old.id):
            again = await submit(session=session, version=newest, files=sub.files,
                                 attempt_id=sub.attempt_id, kind="regrade",
                                 priority=REGRADE_PRIORITY, commit=False)
            session.add(RegradeItem(run_id=run.id, submission_id=sub.id,
                                    regrade_submission_id=again.id, old_score=sub.score))
    await audit.record(session=session, action="regrade_started", actor=user,
                       target=f"challenge {slug}",
                       detail={"run": run.id, "assessments": run.assessment_ids}, commit=False)
    await session.commit()
    await session.refresh(run)
    return run


@dataclass(frozen=True)
class Change:
    candidate: str
    assessment_id: int
    submission_id: int
    old_score: float | None
    new_score: float | None
    status: str  # the regrade submission's status

    @property
    def delta(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score


@dataclass(frozen=True)
class RunView:
    run: RegradeRun
    changes: list[Change]

    @property
    def finished(self) -> bool:
        return all(c.status == "done" for c in self.changes)

    @property
    def changed(self) -> int:
        return sum(1 for c in self.changes if c.delta)


async def view(*, session: AsyncSession, run_id: int, slug: str) -> RunView:
    run = await session.get(RegradeRun, run_id)
    if run is None or run.slug != slug:
        raise NotFound(f"no regrade {run_id} of {slug!r}")
    rows = (await session.exec(
        select(RegradeItem, Submission, Attempt, Invite)
        .join(Submission, Submission.id == RegradeItem.regrade_submission_id)
        .join(Attempt, Attempt.id == Submission.attempt_id)
        .join(Invite, Invite.id == Attempt.invite_id)
        .where(RegradeItem.run_id == run_id).order_by(RegradeItem.id))).all()
    return RunView(run, [Change(attempt.candidate_name, invite.assessment_id, item.submission_id,
                                item.old_score, again.score, again.status)
                         for item, again, attempt, invite in rows])


async def runs_of(*, session: AsyncSession, slug: str) -> list[RegradeRun]:
    return list((await session.exec(select(RegradeRun).where(RegradeRun.slug == slug)
                                    .order_by(RegradeRun.id.desc()))).all())


async def publish(*, session: AsyncSession, run_id: int, slug: str, user: User) -> RunView:
    """Apply a finished run: re-pin its assessments, move their attempts' work to the new
    version and give each regraded submission its new result."""
    found = await view(session=session, run_id=run_id, slug=slug)
    run = found.run
    if run.state == "published":
        raise Conflict("this regrade is already published")
    if not found.finished:
        raise Conflict("the regrade is still grading; publish it when every row is done")
    new = run.to_version_id
    for assessment_id in run.assessment_ids:
        item = (await session.exec(
            select(AssessmentItem).join(ChallengeVersion,
                                        ChallengeVersion.id == AssessmentItem.challenge_version_id)
            .where(AssessmentItem.assessment_id == assessment_id,
                   ChallengeVersion.slug == slug))).one()
        old, item.challenge_version_id = item.challenge_version_id, new
        session.add(item)
        attempts = select(Attempt.id).join(Invite, Invite.id == Attempt.invite_id).where(
            Invite.assessment_id == assessment_id)
        for table in (Draft, Snapshot, AttemptEvent, Submission):
            await session.exec(update(table).where(
                table.attempt_id.in_(attempts), table.challenge_version_id == old)
                .values(challenge_version_id=new))
    items = (await session.exec(select(RegradeItem).where(RegradeItem.run_id == run_id))).all()
    for entry in items:
        original = await session.get(Submission, entry.submission_id)
        again = await session.get(Submission, entry.regrade_submission_id)
        original.score, original.verdict, original.result = again.score, again.verdict, \
            again.result
        original.challenge_version_id, original.graded_at = new, again.graded_at
        session.add(original)
    run.state, run.published_at = "published", utcnow()
    session.add(run)
    await audit.record(session=session, action="regrade_published", actor=user,
                       target=f"challenge {slug}",
                       detail={"run": run.id, "changed": found.changed}, commit=False)
    await session.commit()
    return await view(session=session, run_id=run_id, slug=slug)
