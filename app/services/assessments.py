"""Assessments: an ordered list of challenges pinned to their current versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import DomainError, NotFound
from app.library.loader import Challenge
from app.models import Assessment, AssessmentItem, ChallengeVersion
from app.services.quiz_setup import configure
from app.services.versions import ensure_version

SCORING_RULES = ("best", "last")


@dataclass(frozen=True)
class AssessmentView:
    assessment: Assessment
    versions: list[ChallengeVersion]  # in the assessment's order

    @property
    def estimated_minutes(self) -> int:
        return sum(int(v.content.get("estimated_minutes", 0)) for v in self.versions)

    def version_for(self, slug: str) -> ChallengeVersion:
        for version in self.versions:
            if version.slug == slug:
                return version
        raise NotFound(f"this assessment has no challenge {slug!r}")


async def create_assessment(*, session: AsyncSession, title: str, challenges: list[Challenge],
                            time_limit_min: int, scoring: str = "best",
                            max_submissions: int = 10, opens_at: datetime | None = None,
                            closes_at: datetime | None = None, description: str = "",
                            created_by: int | None = None,
                            knowledge_check: dict[str, object] | None = None,
                            rubric: list[str] | None = None) -> Assessment:
    """`knowledge_check`: the section's settings (see quiz_setup.KnowledgeCheck), or None."""
    if not title.strip():
        raise DomainError("an assessment needs a title")
    if not challenges:
        raise DomainError("an assessment needs at least one challenge")
    if len({c.slug for c in challenges}) != len(challenges):
        raise DomainError("a challenge appears twice in the assessment")
    if not 5 <= time_limit_min <= 600:
        raise DomainError("the time limit must be between 5 and 600 minutes")
    if scoring not in SCORING_RULES:
        raise DomainError(f"scoring must be one of {', '.join(SCORING_RULES)}")
    if not 1 <= max_submissions <= 100:
        raise DomainError("submissions per challenge must be between 1 and 100")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError("the assessment must close after it opens")
    rubric = [c.strip() for c in rubric or [] if c.strip()] or None
    if rubric and (len(rubric) > 12 or any(len(c) > 80 for c in rubric)
                   or len(set(rubric)) != len(rubric)):
        raise DomainError("a rubric has at most 12 different criteria of up to 80 characters")
    assessment = Assessment(title=title.strip(), description=description,
                            time_limit_min=time_limit_min, scoring=scoring,
                            max_submissions=max_submissions, opens_at=opens_at,
                            closes_at=closes_at, created_by=created_by, rubric=rubric)
    if knowledge_check is not None:  # validated (and drawn) before anything is written
        await configure(session=session, assessment=assessment, values=knowledge_check)
    session.add(assessment)
    await session.flush()
    for position, challenge in enumerate(challenges):
        version = await ensure_version(session=session, challenge=challenge, commit=False)
        session.add(AssessmentItem(assessment_id=assessment.id, position=position,
                                   challenge_version_id=version.id))
    await session.commit()
    await session.refresh(assessment)
    return assessment


async def get_assessment(*, session: AsyncSession, assessment_id: int) -> AssessmentView:
    assessment = await session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound(f"no assessment {assessment_id}")
    versions = (await session.exec(
        select(ChallengeVersion)
        .join(AssessmentItem, AssessmentItem.challenge_version_id == ChallengeVersion.id)
        .where(AssessmentItem.assessment_id == assessment_id)
        .order_by(AssessmentItem.position))).all()
    return AssessmentView(assessment, list(versions))


async def list_assessments(*, session: AsyncSession) -> list[Assessment]:
    return list((await session.exec(select(Assessment).order_by(Assessment.id.desc()))).all())
