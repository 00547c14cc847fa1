"""The question bank as staff browse it: filters, the current version, item statistics."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlmodel.ext.asyncio.session import AsyncSession

from app.library.markdown import render_markdown
from app.library.topics import Topic, topic_map
from app.models import QuestionVersion
from app.quizzes.lint import LintReport, cues, lint
from app.quizzes.loader import Question
from app.quizzes.schema import QuestionSpec
from app.services import questions
from app.services.item_analysis import ItemStats, analyse_versions


@dataclass(frozen=True)
class BankRow:
    version: QuestionVersion
    spec: QuestionSpec
    stats: ItemStats

    @property
    def summary(self) -> str:
        """The stem's first line of prose (code and Markdown marks left out)."""
        for line in self.spec.stem.strip().splitlines():
            text = line.strip().strip("#*`> ")
            if text and not line.strip().startswith("```"):
                return text[:140]
        return self.spec.id


@dataclass(frozen=True)
class QuestionDetail:
    row: BankRow
    stem: Markup
    options: list[tuple[int, Markup, bool, int]]  # position, html, correct, times chosen
    explanation: Markup
    topics: list[Topic]
    history: list[QuestionVersion]
    toml: str

    @property
    def cues(self) -> dict[str, float]:
        """Per test-wise strategy, the chance it picks this question's answer unread."""
        return cues(self.row.spec)

    @property
    def most_chosen(self) -> int:
        return max([count for *_, count in self.options] + [1])


def _matches(spec: QuestionSpec, stats: ItemStats, *, topic: int | None, difficulty: str,
             text: str, flagged: bool) -> bool:
    if topic is not None and topic not in spec.topics:
        return False
    if difficulty and spec.difficulty != difficulty:
        return False
    if flagged and not stats.flags:
        return False
    haystack = " ".join([spec.id, spec.stem, *spec.options]).lower()
    return not text or text.lower() in haystack


async def browse(*, session: AsyncSession, topic: int | None = None, difficulty: str = "",
                 text: str = "", flagged: bool = False) -> list[BankRow]:
    current = list((await questions.current_versions(session=session)).values())
    stats = await analyse_versions(session=session, versions=current)
    rows = [BankRow(v, questions.spec_of(v), stats[v.id]) for v in current]
    return [r for r in rows if _matches(r.spec, r.stats, topic=topic, difficulty=difficulty,
                                        text=text, flagged=flagged)]


async def test_wiseness(*, session: AsyncSession) -> LintReport:
    """What `crucible quizzes lint` reports, over the current versions (browser edits too)."""
    current = (await questions.current_versions(session=session)).values()
    return lint(Question(questions.spec_of(v), v.bank) for v in current)


async def detail(*, session: AsyncSession, qid: str) -> QuestionDetail:
    version = await questions.current_version(session=session, qid=qid)
    spec = questions.spec_of(version)
    stats = (await analyse_versions(session=session, versions=[version]))[version.id]
    options = [(n, render_markdown(text), n in spec.correct, stats.option_counts.get(n, 0))
               for n, text in enumerate(spec.options, start=1)]
    topics = topic_map()
    return QuestionDetail(
        BankRow(version, spec, stats), render_markdown(spec.display_stem), options,
        render_markdown(spec.explanation), [topics[t] for t in spec.topics if t in topics],
        await questions.history(session=session, qid=qid), questions.export_toml([version]))
