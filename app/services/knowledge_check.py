"""The knowledge-check section of an assessment: the draw, the section's own clock, answers
saved as they are chosen, the candidate's review flags, and scoring on the server when the
section ends.

Correct answers never leave this module towards a candidate: `CandidateQuestion` carries the
stem and the options in the order this candidate sees them, nothing else.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup
from sqlalchemy import update
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict, DomainError, NotFound
from app.library.markdown import render_markdown
from app.models import Assessment, Attempt, Invite, QuestionVersion, QuizItem, QuizSection
from app.quizzes.schema import QuestionSpec
from app.services.attempts import require_open
from app.services.questions import current_versions, spec_of
from app.services.quiz_setup import KnowledgeCheck, Scoring, draw, eligible, settings_of
from app.services.upsert import insert_or_get


class SectionClosed(Conflict):
    """The section's time is up, or it was finished."""


@dataclass(frozen=True)
class CandidateOption:
    position: int  # 1-based position in the question's own list (the form's value)
    html: Markup


@dataclass(frozen=True)
class CandidateQuestion:
    number: int
    item_id: int  # the quiz item's row: what the flag toggle addresses
    stem: Markup
    choose: int
    options: list[CandidateOption]
    answer: list[int]
    flagged: bool


@dataclass(frozen=True)
class SectionView:
    section: QuizSection | None
    settings: KnowledgeCheck
    questions: list[CandidateQuestion]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answer)

    @property
    def unanswered(self) -> list[int]:
        """Numbers of the questions without an answer."""
        return [q.number for q in self.questions if not q.answer]

    @property
    def flagged(self) -> list[int]:
        """Numbers of the questions the candidate flagged for review."""
        return [q.number for q in self.questions if q.flagged]


async def get_section(*, session: AsyncSession, attempt: Attempt) -> QuizSection | None:
    return (await session.exec(select(QuizSection).where(
        QuizSection.attempt_id == attempt.id))).first()


async def start_section(*, session: AsyncSession, attempt: Attempt, assessment: Assessment,
                        now: datetime) -> QuizSection:
    """Start the section's clock (once); its deadline never passes the attempt's."""
    check = settings_of(assessment)
    if check is None:
        raise NotFound("this assessment has no knowledge check")
    existing = await get_section(session=session, attempt=attempt)
    if existing is not None:
        return existing
    require_open(attempt, now)
    rng = random.Random(secrets.randbits(64))
    if check.question_ids:
        rows = list((await session.exec(select(QuestionVersion).where(
            QuestionVersion.id.in_(check.question_ids)))).all())
        by_id = {r.id: r for r in rows}
        picked = [by_id[i] for i in check.question_ids if i in by_id]
    else:
        picked = draw(eligible(await current_versions(session=session), check), check.count, rng)
    deadline = min(now + timedelta(minutes=check.time_limit_min), attempt.deadline_at)
    # Concurrent starts share the section the first one wrote (and only it draws the items).
    section, created = await insert_or_get(session, QuizSection, {
        "attempt_id": attempt.id, "started_at": now, "deadline_at": deadline},
        key=("attempt_id",))
    if not created:
        await session.commit()
        return section
    for position, row in enumerate(picked):
        order = list(range(1, len(spec_of(row).options) + 1))
        rng.shuffle(order)
        session.add(QuizItem(section_id=section.id, position=position,
                             question_version_id=row.id, option_order=order))
    await session.commit()
    await session.refresh(section)
    return section


async def _items(session: AsyncSession,
                 section: QuizSection) -> list[tuple[QuizItem, QuestionSpec]]:
    rows = (await session.exec(
        select(QuizItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == QuizItem.question_version_id)
        .where(QuizItem.section_id == section.id).order_by(QuizItem.position))).all()
    return [(item, spec_of(version)) for item, version in rows]


def _candidate_question(item: QuizItem, spec: QuestionSpec) -> CandidateQuestion:
    options = [CandidateOption(p, render_markdown(spec.options[p - 1]))
               for p in item.option_order]
    return CandidateQuestion(item.position + 1, item.id, render_markdown(spec.display_stem),
                             spec.choose, options, list(item.answer or []), item.flagged)


async def candidate_view(*, session: AsyncSession, attempt: Attempt, assessment: Assessment,
                         now: datetime) -> SectionView | None:
    """The section as the candidate sees it; a section whose time is up is scored on the way."""
    check = settings_of(assessment)
    if check is None:
        return None
    section = await get_section(session=session, attempt=attempt)
    if section is None:
        return SectionView(None, check, [])
    if section.finished_at is None and (now >= section.deadline_at
                                        or attempt.finished_at is not None):
        ended = min(section.deadline_at, attempt.finished_at or section.deadline_at)
        section = await close_section(session=session, section=section, assessment=assessment,
                                      when=ended)
    items = await _items(session, section)
    return SectionView(section, check, [_candidate_question(i, s) for i, s in items])


def require_section_open(section: QuizSection, attempt: Attempt, now: datetime) -> None:
    require_open(attempt, now)
    if section.finished_at is not None:
        raise SectionClosed("the knowledge check is finished; answers can no longer change")
    if now >= section.deadline_at:
        raise SectionClosed("time is up for the knowledge check; your saved answers count")


async def save_answer(*, session: AsyncSession, attempt: Attempt, number: int,
                      chosen: list[int], now: datetime) -> QuizItem:
    """Record the options chosen for question `number` (1-based); an empty list clears it."""
    section = await get_section(session=session, attempt=attempt)
    if section is None:
        raise Conflict("start the knowledge check first")
    require_section_open(section, attempt, now)
    item = (await session.exec(select(QuizItem).where(
        QuizItem.section_id == section.id, QuizItem.position == number - 1))).first()
    if item is None:
        raise NotFound(f"there is no question {number} in this knowledge check")
    spec = spec_of(await session.get(QuestionVersion, item.question_version_id))
    if len(set(chosen)) != len(chosen) or any(not 1 <= c <= len(spec.options) for c in chosen):
        raise DomainError("an answer names an option that this question does not have")
    if len(chosen) > spec.choose:
        raise DomainError(f"choose at most {spec.choose} option"
                          + ("s" if spec.choose > 1 else ""))
    item.answer, item.answered_at = sorted(chosen) or None, now
    session.add(item)
    await session.commit()
    return item


async def set_flag(*, session: AsyncSession, attempt: Attempt, item_id: int, flagged: bool,
                   now: datetime) -> QuizItem:
    """Flag (or unflag) one of this attempt's questions for review; never part of the score.
    An item of another attempt is not found, whoever asks."""
    section = await get_section(session=session, attempt=attempt)
    if section is None:
        raise Conflict("start the knowledge check first")
    item = (await session.exec(select(QuizItem).where(
        QuizItem.id == item_id, QuizItem.section_id == section.id))).first()
    if item is None:
        raise NotFound("there is no such question in this knowledge check")
    require_section_open(section, attempt, now)
    item.flagged = flagged
    session.add(item)
    await session.commit()
    return item


def score_item(spec: QuestionSpec, answer: list[int] | None, rule: Scoring) -> float:
    """All or nothing: the exact set. Partial: (right picks - wrong picks) / choose, not < 0."""
    picked, correct = set(answer or []), set(spec.correct)
    if rule == "all_or_nothing":
        return 1.0 if picked == correct else 0.0
    return max(0.0, (len(picked & correct) - len(picked - correct)) / spec.choose)


async def close_section(*, session: AsyncSession, section: QuizSection, assessment: Assessment,
                        when: datetime) -> QuizSection:
    """Score every item and close the section (once; a closed section is returned as is)."""
    if section.finished_at is not None:
        return section
    check = settings_of(assessment)
    rule: Scoring = check.scoring if check else "all_or_nothing"
    items = await _items(session, section)
    for item, spec in items:
        item.score = score_item(spec, item.answer, rule)
        session.add(item)
    await session.exec(update(QuizSection).where(
        QuizSection.id == section.id, QuizSection.finished_at.is_(None)).values(
        finished_at=when,
        score=(sum(i.score or 0.0 for i, _ in items) / len(items)) if items else 0.0))
    # When another request closed it first, the item scores written here are the same ones
    # (same answers, same rule); committing keeps the request's other objects loaded, where a
    # rollback would expire them under the caller's feet.
    await session.commit()
    await session.refresh(section)
    return section


async def finish_section(*, session: AsyncSession, attempt: Attempt, assessment: Assessment,
                         now: datetime) -> QuizSection:
    section = await get_section(session=session, attempt=attempt)
    if section is None:
        raise Conflict("the knowledge check was not started")
    require_section_open(section, attempt, now)
    return await close_section(session=session, section=section, assessment=assessment,
                               when=now)


async def close_expired_sections(*, session: AsyncSession, now: datetime) -> int:
    """The sweeper: score every section whose time is up (or whose attempt ended)."""
    rows = (await session.exec(
        select(QuizSection, Attempt)
        .join(Attempt, Attempt.id == QuizSection.attempt_id)
        .where(QuizSection.finished_at.is_(None)))).all()
    closed = 0
    for section, attempt in rows:
        ended = attempt.finished_at or (now if now >= attempt.deadline_at else None)
        if now >= section.deadline_at or ended is not None:
            invite = await session.get(Invite, attempt.invite_id)
            assessment = await session.get(Assessment, invite.assessment_id)
            when = min(section.deadline_at, ended) if ended else section.deadline_at
            await close_section(session=session, section=section, assessment=assessment,
                                when=when)
            closed += 1
    return closed
