"""Item analysis of the knowledge-check bank over every finished section.

Per question version: how many candidates saw and answered it, its p-value (the share who got
it fully right), its discrimination (the point-biserial correlation between getting it right and
the section's total score) and how often each option was chosen. Flags mark questions that
everybody gets right, that nobody gets right, or that the weaker candidates get right more often
than the stronger ones (negative discrimination).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models import QuestionVersion, QuizItem, QuizSection


@dataclass
class ItemStats:
    version_id: int
    presented: int = 0
    answered: int = 0
    option_counts: dict[int, int] = field(default_factory=dict)  # option position -> picks
    right: list[bool] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)  # the section score, per presentation

    @property
    def p_value(self) -> float | None:
        return sum(self.right) / len(self.right) if self.right else None

    @property
    def discrimination(self) -> float | None:
        return point_biserial(self.right, self.totals)

    @property
    def flags(self) -> list[str]:
        found = []
        if self.p_value == 1.0:
            found.append("everybody right")
        if self.p_value == 0.0:
            found.append("nobody right")
        if self.discrimination is not None and self.discrimination < 0:
            found.append("negative discrimination")
        return found


def point_biserial(right: list[bool], totals: list[float]) -> float | None:
    """r_pb = (M1 - M0) / s * sqrt(p * q), s the population standard deviation of the totals;
    None when it is undefined (fewer than two presentations, everyone alike, or no spread)."""
    n = len(right)
    if n < 2 or len(totals) != n:
        return None
    ones = [t for t, r in zip(totals, right, strict=True) if r]
    zeros = [t for t, r in zip(totals, right, strict=True) if not r]
    if not ones or not zeros:
        return None
    mean = sum(totals) / n
    spread = math.sqrt(sum((t - mean) ** 2 for t in totals) / n)
    if spread == 0:
        return None
    p = len(ones) / n
    return (sum(ones) / len(ones) - sum(zeros) / len(zeros)) / spread * math.sqrt(p * (1 - p))


async def analyse(*, session: AsyncSession,
                  version_ids: list[int] | None = None) -> dict[int, ItemStats]:
    """Stats by question version id, from the items of finished sections only."""
    query = (select(QuizItem, QuizSection.score)
             .join(QuizSection, QuizSection.id == QuizItem.section_id)
             .where(QuizSection.finished_at.is_not(None)))
    if version_ids is not None:
        query = query.where(QuizItem.question_version_id.in_(version_ids))
    stats: dict[int, ItemStats] = defaultdict(lambda: ItemStats(0))
    for item, total in (await session.exec(query)).all():
        entry = stats[item.question_version_id]
        entry.version_id = item.question_version_id
        entry.presented += 1
        if item.answer:
            entry.answered += 1
            for option in item.answer:
                entry.option_counts[option] = entry.option_counts.get(option, 0) + 1
        entry.right.append(item.score == 1.0)
        entry.totals.append(total or 0.0)
    return dict(stats)


async def analyse_versions(*, session: AsyncSession,
                           versions: list[QuestionVersion]) -> dict[int, ItemStats]:
    found = await analyse(session=session, version_ids=[v.id for v in versions])
    return {v.id: found.get(v.id, ItemStats(v.id)) for v in versions}
