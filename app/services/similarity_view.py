"""Similarity findings of an assessment: per challenge, the final submissions of its candidates
compared pairwise (app/similarity), with the matched lines for a side-by-side view."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.models import Attempt, ChallengeVersion, Invite, Submission
from app.services.assessments import get_assessment
from app.similarity.compare import THRESHOLD, Document, Match, similar_pairs


@dataclass(frozen=True)
class SideLine:
    number: int
    text: str
    matched: bool


@dataclass(frozen=True)
class Finding:
    version: ChallengeVersion
    match: Match

    @property
    def summary(self) -> str:
        return (f"{self.version.title}: {self.match.left.label} and {self.match.right.label} "
                f"share {self.match.similarity:.0%} of their non-starter code")

    def side(self, which: str) -> list[SideLine]:
        doc = self.match.left if which == "left" else self.match.right
        regions = self.match.left_regions if which == "left" else self.match.right_regions
        return [SideLine(n, text, any(r.first_line <= n <= r.last_line for r in regions))
                for n, text in enumerate(doc.source.splitlines(), start=1)]


async def _final_submissions(session: AsyncSession, assessment_id: int,
                             version_id: int) -> list[Document]:
    """The last graded-or-queued submission of each candidate for one challenge version."""
    rows = (await session.exec(
        select(Submission, Attempt)
        .join(Attempt, Attempt.id == Submission.attempt_id)
        .join(Invite, Invite.id == Attempt.invite_id)
        .where(Invite.assessment_id == assessment_id,
               Submission.challenge_version_id == version_id, Submission.kind == "submit")
        .order_by(Submission.id))).all()
    latest: dict[int, Document] = {}
    for sub, attempt in rows:
        latest[attempt.id] = Document(attempt.id, attempt.candidate_name, sub.files)
    return list(latest.values())


async def assessment_findings(*, session: AsyncSession, assessment_id: int,
                              threshold: float = THRESHOLD) -> list[Finding]:
    view = await get_assessment(session=session, assessment_id=assessment_id)
    findings = []
    for version in view.versions:
        documents = await _final_submissions(session, assessment_id, version.id)
        starter = version.content["starter"]
        findings += [Finding(version, m) for m in similar_pairs(
            [Document(d.key, d.label, starter | d.files) for d in documents], starter,
            threshold)]
    return sorted(findings, key=lambda f: f.match.similarity, reverse=True)


async def similarity_findings(*, session: AsyncSession, attempt_id: int) -> list[Finding]:
    """The findings that involve one attempt (for its scorecard)."""
    attempt = await session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"no attempt {attempt_id}")
    invite = await session.get(Invite, attempt.invite_id)
    found = await assessment_findings(session=session, assessment_id=invite.assessment_id)
    return [f for f in found if attempt_id in (f.match.left.key, f.match.right.key)]
