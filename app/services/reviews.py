"""Interviewers' reviews of an attempt: notes, a rubric scored 1-4 with comments, a decision.
Each interviewer has one review per attempt (editable); the scorecard shows all of them and how
far they agree."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import DomainError, NotFound
from app.models import Assessment, Attempt, Invite, Review, User, utcnow
from app.services import audit

DECISIONS = ("advance", "reject", "undecided")
DEFAULT_RUBRIC = ["Correctness", "Code quality", "API design", "Problem solving"]
MAX_NOTES = 20_000
MAX_COMMENT = 2_000


def criteria(assessment: Assessment) -> list[str]:
    return list(assessment.rubric or DEFAULT_RUBRIC)


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    reviewer: str


@dataclass(frozen=True)
class Agreement:
    decisions: dict[str, int]  # decision -> how many reviewers chose it
    spread: dict[str, int]  # criterion -> max - min score over the reviewers who scored it

    @property
    def unanimous(self) -> bool:
        return len([d for d, n in self.decisions.items() if n]) <= 1


async def reviews_of(*, session: AsyncSession, attempt_id: int) -> list[ReviewRow]:
    rows = (await session.exec(select(Review, User).join(User, User.id == Review.reviewer_id)
                               .where(Review.attempt_id == attempt_id)
                               .order_by(Review.updated_at))).all()
    return [ReviewRow(review, user.email) for review, user in rows]


def agreement(rows: list[ReviewRow], names: list[str]) -> Agreement:
    decisions = {d: sum(1 for r in rows if r.review.decision == d) for d in DECISIONS}
    spread = {}
    for name in names:
        scores = [r.review.rubric[name]["score"] for r in rows
                  if isinstance(r.review.rubric.get(name), dict)
                  and r.review.rubric[name].get("score")]
        if len(scores) > 1:
            spread[name] = max(scores) - min(scores)
    return Agreement(decisions, spread)


def _rubric(names: list[str], scores: dict[str, str],
            comments: dict[str, str]) -> dict[str, dict[str, object]]:
    rubric: dict[str, dict[str, object]] = {}
    for name in names:
        typed = scores.get(name, "").strip()
        comment = comments.get(name, "").strip()
        if len(comment) > MAX_COMMENT:
            raise DomainError(f"the comment on {name} is longer than {MAX_COMMENT} characters")
        if not typed and not comment:
            continue
        score = None
        if typed:
            if typed not in ("1", "2", "3", "4"):
                raise DomainError(f"{name} is scored from 1 to 4")
            score = int(typed)
        rubric[name] = {"score": score, "comment": comment}
    return rubric


async def save_review(*, session: AsyncSession, attempt_id: int, reviewer: User, decision: str,
                      notes: str, scores: dict[str, str], comments: dict[str, str]) -> Review:
    attempt = await session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"no attempt {attempt_id}")
    if decision not in DECISIONS:
        raise DomainError(f"the decision is one of {', '.join(DECISIONS)}")
    if len(notes) > MAX_NOTES:
        raise DomainError(f"notes are limited to {MAX_NOTES} characters")
    invite = await session.get(Invite, attempt.invite_id)
    assessment = await session.get(Assessment, invite.assessment_id)
    rubric = _rubric(criteria(assessment), scores, comments)
    review = (await session.exec(select(Review).where(
        Review.attempt_id == attempt_id, Review.reviewer_id == reviewer.id))).first()
    if review is None:
        review = Review(attempt_id=attempt_id, reviewer_id=reviewer.id)
    review.decision, review.notes, review.rubric = decision, notes.strip(), rubric
    review.updated_at = utcnow()
    session.add(review)
    await audit.record(session=session, action="review_saved", actor=reviewer,
                       target=f"attempt {attempt_id}", detail={"decision": decision},
                       commit=False)
    await session.commit()
    await session.refresh(review)
    return review
