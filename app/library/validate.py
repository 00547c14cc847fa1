"""`crucible library validate`: proves each challenge can tell right from wrong.

For each challenge: the schema loads, the reference and every known-correct alternative in
another style (graders/<slug>/alternatives/) score 100 % on each of N runs (determinism: a
flake check), the starter scores below 100 %, and every known-wrong solution scores below 100 %.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from app.grading.contract import GradeRequest, GradeResult, Verdict
from app.library.loader import Challenge

Grader = Callable[[GradeRequest], Awaitable[GradeResult]]
# Correct solutions in other styles each challenge must carry: they are how we know the tests
# check behaviour, not the author's way of writing it.
ALTERNATIVES_WANTED = 2


@dataclass
class Check:
    name: str
    expect_full: bool
    result: GradeResult | None = None

    @property
    def ok(self) -> bool:
        """A reference must pass fully. A starter or wrong solution must be *caught*: failed
        tests or a timeout; an app that did not start proves nothing about the tests."""
        if self.result is None:
            return False
        verdict = self.result.verdict
        if verdict in (Verdict.GRADER_ERROR, Verdict.SANDBOX_ERROR):
            return False
        full = verdict is Verdict.PASSED and self.result.score == 1.0
        if self.expect_full:
            return full
        return not full and verdict is not Verdict.APP_ERROR

    @property
    def worth_retrying(self) -> bool:
        """Outcomes a busy machine can cause (a slow start, a lost container)."""
        return self.result is not None and self.result.verdict in (
            Verdict.APP_ERROR, Verdict.TIMEOUT, Verdict.SANDBOX_ERROR) and not self.ok

    @property
    def summary(self) -> str:
        if self.result is None:
            return "not run"
        r = self.result
        return f"{r.verdict.value} {r.score:.0%} ({r.passed_count}/{len(r.tests)})"


@dataclass
class ChallengeReport:
    slug: str
    checks: list[Check] = field(default_factory=list)
    error: str = ""
    version: str = ""  # empty when the challenge did not load
    alternatives: int = 0
    repeat: int = 2

    def as_record(self) -> dict[str, object]:
        return {"version": self.version, "ok": self.ok, "error": self.error,
                "repeat": self.repeat, "alternatives": self.alternatives,
                "checks": [{"name": c.name, "result": c.summary, "ok": c.ok}
                           for c in self.checks]}

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.checks) and all(c.ok for c in self.checks)


def _checks(challenge: Challenge, repeat: int) -> list[tuple[Check, dict[str, str]]]:
    right = {"reference": challenge.reference} | {
        f"alternative/{name}": files for name, files in challenge.alternatives.items()}
    planned = [(Check(f"{name} #{run}", True), files)
               for name, files in right.items() for run in range(1, repeat + 1)]
    planned.append((Check("starter", False), challenge.starter))
    planned += [(Check(f"wrong/{name}", False), files) for name, files in challenge.wrong.items()]
    return planned


async def validate_challenge(challenge: Challenge, grade: Grader,
                             limit: asyncio.Semaphore, *, repeat: int = 2) -> ChallengeReport:
    report = ChallengeReport(challenge.slug, version=challenge.version,
                             alternatives=len(challenge.alternatives), repeat=repeat)
    if not challenge.reference:
        report.error = "no reference solution in graders/<slug>/reference/"
        return report
    if len(challenge.wrong) < 3:
        report.error = f"{len(challenge.wrong)} known-wrong solutions; at least 3 are required"
    elif len(challenge.alternatives) < ALTERNATIVES_WANTED:
        report.error = (f"{len(challenge.alternatives)} alternatives (correct solutions in "
                        f"other styles); at least {ALTERNATIVES_WANTED} are required")

    async def run(check: Check, files: dict[str, str]) -> None:
        async with limit:
            check.result = await grade(challenge.request(files))
            if check.worth_retrying:
                check.result = await grade(challenge.request(files))  # once more, then judge

    planned = _checks(challenge, repeat)
    await asyncio.gather(*(run(check, files) for check, files in planned))
    report.checks = [check for check, _ in planned]
    runs = [c.result for c in report.checks[:repeat]]
    if len({tuple(t.passed for t in r.tests) for r in runs if r is not None}) > 1:
        report.error = "the reference's runs disagree: the hidden tests are not deterministic"
    return report
