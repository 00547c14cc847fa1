"""An attempt's scorecard: what an interviewer needs to decide, on one page.

Time spent per challenge is *active* time: the activity of the attempt (autosaved snapshots and
runs, in time order) is split into intervals, and each interval up to IDLE_GAP long counts for
the challenge the candidate was working on at its end. Longer silences count as idle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.grading.contract import GradeResult
from app.models import (
    Attempt,
    AttemptEvent,
    ChallengeVersion,
    Invite,
    QuestionVersion,
    QuizItem,
    QuizSection,
    Snapshot,
    Submission,
)
from app.quizzes.schema import QuestionSpec
from app.services.assessments import AssessmentView, get_assessment
from app.services.attempts import counted
from app.services.questions import spec_of

IDLE_GAP = timedelta(minutes=5)


@dataclass(frozen=True)
class Run:
    submission: Submission
    result: GradeResult | None


@dataclass
class ChallengeCard:
    version: ChallengeVersion
    runs: list[Run] = field(default_factory=list)  # graded submissions, oldest first
    examples_runs: int = 0
    counted: Run | None = None  # the one the assessment's rule counts
    final_files: dict[str, str] = field(default_factory=dict)
    active: timedelta = timedelta()
    events: list[AttemptEvent] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return self.counted.submission.score if self.counted else None

    @property
    def pastes(self) -> int:
        return sum(1 for e in self.events if e.kind == "paste")


@dataclass(frozen=True)
class QuizAnswer:
    number: int
    spec: QuestionSpec
    answer: list[int]
    score: float | None
    flagged: bool = False  # the candidate flagged it for review (never part of the score)


@dataclass(frozen=True)
class Scorecard:
    attempt: Attempt
    invite: Invite
    view: AssessmentView
    challenges: list[ChallengeCard]
    quiz_section: QuizSection | None
    quiz: list[QuizAnswer]
    events: list[AttemptEvent]  # every paste and focus change, in order

    @property
    def challenge_score(self) -> float:
        if not self.challenges:
            return 0.0
        return sum(c.score or 0.0 for c in self.challenges) / len(self.challenges)

    @property
    def overall(self) -> float:
        """Challenges and the knowledge check (when there is one) weigh by their count:
        the knowledge check counts as one more challenge."""
        parts = [c.score or 0.0 for c in self.challenges]
        if self.quiz_section is not None or self.view.assessment.knowledge_check:
            parts.append(self.quiz_section.score or 0.0 if self.quiz_section else 0.0)
        return sum(parts) / len(parts) if parts else 0.0

    @property
    def focus_losses(self) -> int:
        return sum(1 for e in self.events if e.kind == "blur")

    @property
    def time_used(self) -> timedelta:
        end = self.attempt.finished_at or self.attempt.deadline_at
        return max(timedelta(), end - self.attempt.started_at)


def active_time(activity: list[tuple[datetime, int]], started: datetime) -> dict[int, timedelta]:
    """Per challenge version id: intervals of at most IDLE_GAP ending in its activity."""
    spent: dict[int, timedelta] = {}
    previous = started
    for moment, version_id in sorted(activity):
        gap = moment - previous
        if timedelta() < gap <= IDLE_GAP:
            spent[version_id] = spent.get(version_id, timedelta()) + gap
        previous = max(previous, moment)
    return spent


async def build(*, session: AsyncSession, attempt_id: int) -> Scorecard:
    attempt = await session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"no attempt {attempt_id}")
    invite = await session.get(Invite, attempt.invite_id)
    view = await get_assessment(session=session, assessment_id=invite.assessment_id)
    cards = {v.id: ChallengeCard(v) for v in view.versions}
    subs = (await session.exec(select(Submission).where(Submission.attempt_id == attempt.id)
                               .order_by(Submission.id))).all()
    activity: list[tuple[datetime, int]] = []
    for sub in subs:
        card = cards.get(sub.challenge_version_id)
        if card is None or sub.kind == "regrade":  # regrades replace results when published
            continue
        activity.append((sub.created_at, sub.challenge_version_id))
        if sub.kind == "examples":
            card.examples_runs += 1
            continue
        result = GradeResult.model_validate(sub.result) if sub.result else None
        card.runs.append(Run(sub, result))
    snapshots = (await session.exec(select(Snapshot).where(Snapshot.attempt_id == attempt.id)
                                    .order_by(Snapshot.id))).all()
    for snap in snapshots:
        if snap.challenge_version_id in cards:
            activity.append((snap.created_at, snap.challenge_version_id))
            cards[snap.challenge_version_id].final_files = snap.files
    events = list((await session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == attempt.id).order_by(AttemptEvent.id))).all())
    for event in events:
        if event.challenge_version_id in cards:
            cards[event.challenge_version_id].events.append(event)
    for version_id, spent in active_time(activity, attempt.started_at).items():
        cards[version_id].active = spent
    for card in cards.values():
        chosen = counted([r.submission for r in card.runs], view.assessment.scoring)
        card.counted = next((r for r in card.runs if r.submission is chosen), None)
        if not card.final_files:
            card.final_files = card.version.content["starter"]
    section, quiz = await _quiz(session, attempt)
    return Scorecard(attempt, invite, view, [cards[v.id] for v in view.versions], section,
                     quiz, events)


async def _quiz(session: AsyncSession,
                attempt: Attempt) -> tuple[QuizSection | None, list[QuizAnswer]]:
    section = (await session.exec(select(QuizSection).where(
        QuizSection.attempt_id == attempt.id))).first()
    if section is None:
        return None, []
    rows = (await session.exec(
        select(QuizItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == QuizItem.question_version_id)
        .where(QuizItem.section_id == section.id).order_by(QuizItem.position))).all()
    return section, [QuizAnswer(item.position + 1, spec_of(version), list(item.answer or []),
                                item.score, item.flagged) for item, version in rows]
