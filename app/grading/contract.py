"""What goes into a grading run and what comes out of it.

`GradeRequest` is everything the sandbox needs (no database, no challenge folder lookup);
`GradeResult` is what gets recorded. Verdicts say who is at fault, as design.md describes.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Verdict(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    APP_ERROR = "app_error"
    GRADER_ERROR = "grader_error"
    SANDBOX_ERROR = "sandbox_error"

    @property
    def is_platform_fault(self) -> bool:
        """Neither the candidate's doing nor theirs to fix: retried, never scored."""
        return self is Verdict.SANDBOX_ERROR

    @property
    def is_candidate_outcome(self) -> bool:
        return self not in (Verdict.GRADER_ERROR, Verdict.SANDBOX_ERROR)


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    wall_s: float = Field(10.0, gt=0, le=120)
    memory_mb: int = Field(256, ge=64, le=4096)
    pids: int = Field(64, ge=16, le=1024)
    cpus: float = Field(1.0, gt=0, le=4)
    startup_s: float = Field(6.0, gt=0, le=60)


class GradeRequest(BaseModel):
    """One run: the candidate's files against a set of tests (hidden or examples)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    challenge_slug: str
    challenge_version: str
    files: dict[str, str]
    tests: dict[str, str]
    overrides: str | None = None
    # graders/<slug>/service.py: runs in the grader's process (crucible_link.py)
    service: str | None = None
    entrypoint: str = "solution:app"
    limits: Limits = Limits()


class TestOutcome(BaseModel):
    __test__ = False  # not a pytest class

    id: str
    title: str
    weight: float
    passed: bool
    message: str = ""


class GradeResult(BaseModel):
    verdict: Verdict
    score: float = Field(0.0, ge=0, le=1)
    tests: list[TestOutcome] = []
    detail: str = ""
    duration_ms: int = 0
    startup_ms: int = 0
    tests_ms: int = 0
    candidate_log: str = ""
    candidate_log_bytes: int = 0
    grader_log: str = ""
    image: str = ""

    @property
    def passed_count(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    def candidate_view(self) -> dict[str, object]:
        """What a candidate may see of a hidden-test run: titles and pass/fail, never messages."""
        return {
            "verdict": self.verdict.value,
            "score": self.score,
            "tests": [{"title": t.title, "passed": t.passed} for t in self.tests],
            "app_log": self.candidate_log if self.verdict is Verdict.APP_ERROR else "",
            "detail": self.detail if self.verdict.is_candidate_outcome else "",
        }
