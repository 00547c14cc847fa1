"""`crucible quizzes lint`: how much a test-wise candidate scores without reading the question.

Each strategy ranks a question's options by a surface cue and picks the top `choose` of them:
the longest, the shortest, the one sharing most words with the stem, the one with the most
hedging qualifiers ("usually", "may", "depends"). Ties are broken at random, so a question's
score for a strategy is the chance that the pick is exactly the correct set (all or nothing).
The bank fails the lint when a strategy scores above LIMIT_BANK over the whole bank or above
LIMIT_FILE in any file, or when correct answers pile up on one position.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.quizzes.loader import Question
from app.quizzes.schema import QuestionSpec

LIMIT_BANK = 0.30
LIMIT_FILE = 0.40
# Observed / expected share of correct answers at one position, for positions with at least
# POSITION_MIN_EXPECTED expected answers.
POSITION_RATIO = (0.6, 1.4)
POSITION_MIN_EXPECTED = 10.0

QUALIFIERS = frozenset([
    "usually", "may", "might", "often", "typically", "generally", "depends", "depending",
    "unless", "sometimes", "likely", "normally", "mostly", "probably", "tends", "can",
    "could",
])
STOPWORDS = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "it",
    "its", "this", "that", "with", "as", "by", "at", "from", "what", "which", "when",
    "does", "do", "you", "your", "not", "no", "if", "then", "than", "into", "only", "one",
])
_WORDS = re.compile(r"[a-z0-9_]+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def _stem_overlap(spec: QuestionSpec) -> Callable[[str], float]:
    stem = {w for w in _words(spec.stem) if w not in STOPWORDS}
    return lambda option: len({w for w in _words(option) if w not in STOPWORDS} & stem)


STRATEGIES: dict[str, Callable[[QuestionSpec], Callable[[str], float]]] = {
    "longest": lambda spec: len,
    "shortest": lambda spec: lambda option: -len(option),
    "stem overlap": _stem_overlap,
    "qualifier": lambda spec: lambda option: sum(w in QUALIFIERS for w in _words(option)),
}


def pick_chance(spec: QuestionSpec, key: Callable[[str], float]) -> float:
    """The chance that taking the `choose` options with the highest key, ties broken at random,
    gives exactly the correct set."""
    scores = [key(o) for o in spec.options]
    positions = range(1, len(spec.options) + 1)
    picks = [set(s) for s in itertools.combinations(positions, spec.choose)
             if min(scores[p - 1] for p in s)
             >= max((scores[p - 1] for p in positions if p not in s), default=float("-inf"))]
    return sum(p == set(spec.correct) for p in picks) / len(picks)


def cues(spec: QuestionSpec) -> dict[str, float]:
    """Per strategy, the chance it answers this question right (1.0: the cue gives it away)."""
    return {name: pick_chance(spec, make(spec)) for name, make in STRATEGIES.items()}


@dataclass
class Figures:
    """Strategy scores over a set of questions, and the spread of correct positions."""

    questions: int = 0
    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STRATEGIES, 0.0))
    chance: float = 0.0  # what guessing at random scores
    observed: Counter[int] = field(default_factory=Counter)
    expected: defaultdict[int, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, spec: QuestionSpec) -> None:
        self.questions += 1
        for name, value in cues(spec).items():
            self.totals[name] += value
        n = len(spec.options)
        self.chance += 1 / len(list(itertools.combinations(range(n), spec.choose)))
        self.observed.update(spec.correct)
        for position in range(1, n + 1):
            self.expected[position] += spec.choose / n

    def score(self, strategy: str) -> float:
        return self.totals[strategy] / self.questions if self.questions else 0.0

    @property
    def chance_score(self) -> float:
        return self.chance / self.questions if self.questions else 0.0

    def position_ratios(self) -> dict[int, float]:
        return {p: self.observed[p] / e for p, e in sorted(self.expected.items())
                if e >= POSITION_MIN_EXPECTED}


@dataclass
class LintReport:
    bank: Figures
    files: dict[str, Figures]

    def problems(self) -> list[str]:
        found = []
        for name in STRATEGIES:
            if self.bank.score(name) > LIMIT_BANK:
                found.append(f"'{name}' scores {self.bank.score(name):.1%} over the bank "
                             f"(limit {LIMIT_BANK:.0%})")
            found += [f"'{name}' scores {figures.score(name):.1%} in quizzes/{bank}.toml "
                      f"(limit {LIMIT_FILE:.0%})" for bank, figures in self.files.items()
                      if figures.score(name) > LIMIT_FILE]
        low, high = POSITION_RATIO
        found += [f"position {p} holds {ratio:.2f}x its share of correct answers "
                  f"(allowed {low}-{high})"
                  for p, ratio in self.bank.position_ratios().items() if not low <= ratio <= high]
        return found

    def rows(self) -> list[tuple[str, Figures, float]]:
        """(label, figures, limit) per file, then the whole bank."""
        return [*((f"quizzes/{name}.toml", figures, LIMIT_FILE)
                  for name, figures in sorted(self.files.items())),
                ("whole bank", self.bank, LIMIT_BANK)]

    @property
    def strategies(self) -> list[str]:
        return list(STRATEGIES)

    def table(self) -> str:
        names = list(STRATEGIES)
        rows = [["file", "questions", "chance", *names]]
        for label, figures, _ in self.rows():
            rows.append([label, str(figures.questions), f"{figures.chance_score:.1%}",
                         *(f"{figures.score(n):.1%}" for n in names)])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        spread = ", ".join(f"{p}: {r:.2f}" for p, r in self.bank.position_ratios().items())
        return "\n".join([*lines, f"correct positions (observed / expected): {spread}"])


def lint(questions: Iterable[Question]) -> LintReport:
    bank, files = Figures(), defaultdict(Figures)
    for question in questions:
        bank.add(question.spec)
        files[question.bank].add(question.spec)
    return LintReport(bank, dict(files))
