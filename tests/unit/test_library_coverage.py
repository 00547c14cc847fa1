"""The library's size and spread (issue 4) and the bank's (issue 5), and docs/coverage.md
being the output of `crucible library coverage` for exactly this library and bank."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app.library.coverage import COVERAGE_PATH, figures, render_coverage
from app.library.loader import load_library
from app.library.topics import topic_map
from app.quizzes.loader import load_bank

ROOT = Path(__file__).resolve().parents[2]


def test_at_least_40_challenges_across_the_levels_and_none_broken() -> None:
    library, broken = load_library(ROOT)
    assert broken == {}
    levels = Counter(c.meta.difficulty for c in library.values())
    assert len(library) >= 40 and levels["junior"] >= 10 and levels["mid"] >= 15
    assert levels["senior"] >= 10
    assert all(len(c.wrong) >= 3 for c in library.values())


def test_challenges_cover_at_least_95_percent_of_the_sandbox_topics() -> None:
    library, _ = load_library(ROOT)
    numbers = figures(library)
    assert numbers.share >= 0.95, f"not covered: {numbers.uncovered}"


def test_the_bank_has_150_questions_and_3_for_every_topic_no_challenge_covers() -> None:
    library, _ = load_library(ROOT)
    bank = load_bank(ROOT)
    assert len(bank) >= 150
    covered = {n for c in library.values() for n in c.meta.topics}
    asked = Counter(n for q in bank.values() for n in q.spec.topics)
    thin = {n: asked[n] for n in topic_map() if n not in covered and asked[n] < 3}
    assert thin == {}, f"topics without a challenge and with fewer than 3 questions: {thin}"


def test_docs_coverage_is_generated_from_this_library() -> None:
    library, _ = load_library(ROOT)
    expected = render_coverage(library, load_bank(ROOT))
    current = (ROOT / COVERAGE_PATH).read_text(encoding="utf-8")
    assert current == expected, "docs/coverage.md is out of date: run `crucible library coverage`"
