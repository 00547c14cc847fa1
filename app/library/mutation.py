"""`crucible library mutate`: the share of reference mutants that the hidden tests catch.

A mutant is *caught* when it scores below 100 % (failed tests, or an app that no longer starts).
Results are recorded in `docs/mutation.json`, keyed by challenge version, so that
`library validate` prints each challenge's figure without re-running hundreds of gradings; a
record made for another version of the challenge is reported as stale.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.grading.contract import GradeRequest, GradeResult, Verdict
from app.library.loader import Challenge
from app.library.mutants import Mutant, mutants_of, select
from app.library.records import MUTATION, update_record

Grader = Callable[[GradeRequest], Awaitable[GradeResult]]
DEFAULT_LIMIT = 24
GOAL = 0.8


@dataclass
class MutationReport:
    slug: str
    version: str
    total: int = 0
    caught: int = 0
    survivors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.caught / self.total if self.total else 0.0

    @property
    def summary(self) -> str:
        return f"{self.score:.0%} ({self.caught}/{self.total})" if self.total else "no mutants"


def challenge_mutants(challenge: Challenge, limit: int = DEFAULT_LIMIT) -> list[Mutant]:
    found = [m for name, source in sorted(challenge.reference.items()) if name.endswith(".py")
             for m in mutants_of(name, source)]
    return select(found, limit)


async def mutate_challenge(challenge: Challenge, grade: Grader, limit: asyncio.Semaphore,
                           max_mutants: int = DEFAULT_LIMIT) -> MutationReport:
    report = MutationReport(challenge.slug, challenge.version)

    async def run(mutant: Mutant) -> None:
        files = challenge.reference | {mutant.file: mutant.source}
        async with limit:
            result = await grade(challenge.request(files))
        if result.verdict is Verdict.SANDBOX_ERROR:
            report.errors.append(f"{mutant.label}: sandbox error, not counted")
            return
        report.total += 1
        if result.verdict is Verdict.GRADER_ERROR:
            report.errors.append(f"{mutant.label}: the hidden tests crashed ({result.detail})")
        if result.verdict is Verdict.PASSED and result.score == 1.0:
            report.survivors.append(f"{mutant.kind}: {mutant.label}")
        else:
            report.caught += 1

    await asyncio.gather(*(run(m) for m in challenge_mutants(challenge, max_mutants)))
    report.survivors.sort()
    return report


def record_reports(root: Path, reports: list[MutationReport]) -> None:
    update_record(root, MUTATION, {r.slug: asdict(r) | {"score": round(r.score, 4)}
                                   for r in reports})


def recorded_summary(record: dict[str, dict[str, object]], challenge: Challenge) -> str:
    """The figure `library validate` prints for a challenge."""
    entry = record.get(challenge.slug)
    if not entry:
        return "not measured"
    score, caught, total = entry.get("score"), entry.get("caught"), entry.get("total")
    figure = f"{float(score or 0):.0%} ({caught}/{total})"  # type: ignore[arg-type]
    return figure if entry.get("version") == challenge.version else f"{figure}, stale"
