"""Turns the harness's raw report into a verdict and a weighted score."""

from __future__ import annotations

from typing import Any

from app.grading.contract import GradeResult, TestOutcome, Verdict

_OUTCOMES = {
    "app_error": Verdict.APP_ERROR,
    "timeout": Verdict.TIMEOUT,
    "memory_limit": Verdict.MEMORY_LIMIT,
    # The host kept the app or the tests waiting for a CPU past 3x the limit: not the
    # candidate's doing, so retried and never scored.
    "overloaded": Verdict.SANDBOX_ERROR,
}
# pytest exit codes that mean the tests themselves could not run: interrupted, internal, usage.
_GRADER_BROKEN_EXITS = {2, 3, 4}


def weighted_score(tests: list[TestOutcome]) -> float:
    total = sum(t.weight for t in tests)
    if total <= 0:
        return 0.0
    return round(sum(t.weight for t in tests if t.passed) / total, 4)


def result_from_harness(raw: dict[str, Any]) -> GradeResult:
    report = raw.get("report") or {}
    tests = [TestOutcome.model_validate(t) for t in report.get("tests", [])]
    common = {
        "tests": tests,
        "detail": str(raw.get("detail", "")),
        "startup_ms": int(raw.get("startup_ms", 0)),
        "tests_ms": int(raw.get("tests_ms", 0)),
        "candidate_log": str(raw.get("candidate_log", "")),
        "candidate_log_bytes": int(raw.get("candidate_log_bytes", 0)),
        "grader_log": str(raw.get("grader_log", "")),
    }
    outcome = raw.get("outcome")
    if outcome in _OUTCOMES:
        return GradeResult(verdict=_OUTCOMES[outcome], score=0.0, **common)
    if not report or not tests or report.get("exitstatus") in _GRADER_BROKEN_EXITS:
        common["detail"] = common["detail"] or "the hidden tests could not run"
        return GradeResult(verdict=Verdict.GRADER_ERROR, score=0.0, **common)
    score = weighted_score(tests)
    verdict = Verdict.PASSED if all(t.passed for t in tests) else Verdict.FAILED
    return GradeResult(verdict=verdict, score=score, **common)
