"""What `crucible grade` and `crucible library validate` do, kept out of the CLI's wiring."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app.config import get_settings
from app.errors import DomainError
from app.grading.contract import GradeResult
from app.grading.factory import make_sandbox
from app.library.edits import apply_edits, load_edit_script
from app.library.loader import challenge_slugs, load_challenge
from app.library.mutation import (
    GOAL,
    MutationReport,
    mutate_challenge,
    record_reports,
    recorded_summary,
)
from app.library.records import MUTATION, VALIDATION, load_record, update_record
from app.library.submission import check_files
from app.library.validate import ChallengeReport, validate_challenge


async def grade_files(challenge_dir: Path, files: list[Path], *, examples: bool) -> GradeResult:
    challenge_dir = challenge_dir.resolve()
    root, slug = challenge_dir.parent.parent, challenge_dir.name
    challenge = load_challenge(root, slug)
    named = {_starter_name(challenge.starter, f): f.read_bytes() for f in files}
    if len(files) == 1 and files[0].suffix == ".toml":  # a known-wrong edit script
        script = load_edit_script(files[0])
        named = {name: text.encode() for name, text in apply_edits(
            challenge.reference, script, challenge.meta.module_file, str(files[0])).items()}
    elif len(files) == 1 and len(challenge.starter) == 1:  # any single file is the one module
        named = {next(iter(challenge.starter)): files[0].read_bytes()}
    submitted = check_files(challenge.starter, named)
    sandbox = make_sandbox(get_settings())
    try:
        return await sandbox.run(challenge.request(submitted, examples=examples))
    finally:
        await sandbox.aclose()


def _starter_name(starter: dict[str, str], path: Path) -> str:
    """The starter file a given path stands for: `x/routers/users.py` is `routers/users.py`."""
    given = path.resolve().as_posix()
    matching = [name for name in starter if given.endswith("/" + name)]
    return max(matching, key=len) if matching else path.name


def describe(result: GradeResult) -> str:
    lines = [f"verdict: {result.verdict.value}   score: {result.score:.0%}   "
             f"({result.passed_count}/{len(result.tests)} tests, {result.duration_ms} ms)"]
    for test in result.tests:
        mark = "PASS" if test.passed else "FAIL"
        lines.append(f"  {mark}  [{test.weight:g}] {test.title}")
        if test.message and not test.passed:
            lines.append(f"        {test.message.splitlines()[0][:200]}")
    if result.detail:
        lines.append(f"detail: {result.detail}")
    if result.verdict.value in ("app_error", "grader_error", "sandbox_error"):
        log = result.candidate_log if result.verdict.value == "app_error" else result.grader_log
        lines.append(log[-3000:])
    return "\n".join(lines)


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    rows = [("challenge", "check", "result", "ok"), *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def _validation_rows(reports: list[ChallengeReport],
                     mutation: dict[str, str]) -> list[tuple[str, str, str, str]]:
    rows = []
    for report in reports:
        for check in report.checks:
            rows.append((report.slug, check.name, check.summary, "ok" if check.ok else "FAIL"))
        if report.error:
            rows.append((report.slug, "-", report.error, "FAIL"))
        if report.slug in mutation:
            rows.append((report.slug, "mutation (recorded)", mutation[report.slug], "-"))
    return rows


async def validate_library(root: Path, slugs: list[str], jobs: int, repeat: int = 2) -> bool:
    sandbox = make_sandbox(get_settings())
    limit = asyncio.Semaphore(jobs)
    reports: list[ChallengeReport] = []
    pending = []
    record, mutation = load_record(root, MUTATION), {}
    for slug in slugs or challenge_slugs(root):
        try:
            challenge = load_challenge(root, slug)
        except DomainError as exc:
            reports.append(ChallengeReport(slug, error=exc.message))
            continue
        mutation[slug] = recorded_summary(record, challenge)
        pending.append(validate_challenge(challenge, sandbox.run, limit, repeat=repeat))
    try:
        reports += await asyncio.gather(*pending)
    finally:
        await sandbox.aclose()
    print(_table(_validation_rows(reports, mutation)))
    update_record(root, VALIDATION, {r.slug: r.as_record() for r in reports if r.version})
    failed = [r.slug for r in reports if not r.ok]
    print(f"\n{len(reports) - len(failed)}/{len(reports)} challenges valid"
          + (f"; failing: {', '.join(failed)}" if failed else ""))
    return not failed


async def mutate_library(root: Path, slugs: list[str], jobs: int, max_mutants: int,
                         record: bool) -> list[MutationReport]:
    sandbox = make_sandbox(get_settings())
    limit = asyncio.Semaphore(jobs)
    challenges, rows = [], []
    for slug in slugs or challenge_slugs(root):
        try:
            challenges.append(load_challenge(root, slug))
        except DomainError as exc:
            rows.append((slug, "load", exc.message, "FAIL"))
    try:
        reports = list(await asyncio.gather(
            *(mutate_challenge(c, sandbox.run, limit, max_mutants) for c in challenges)))
    finally:
        await sandbox.aclose()
    for report in reports:
        verdict = ("-" if not report.total else
                   "ok" if report.score >= GOAL else f"below {GOAL:.0%}")
        rows.append((report.slug, "mutants caught", report.summary, verdict))
        rows += [(report.slug, "survivor", text, "-") for text in report.survivors]
        rows += [(report.slug, "note", text, "-") for text in report.errors]
    print(_table(rows))
    scores = sorted(r.score for r in reports if r.total)
    if scores:
        print(f"\n{len(scores)} challenges: min {scores[0]:.0%}, median "
              f"{scores[len(scores) // 2]:.0%}, max {scores[-1]:.0%}; "
              f"{sum(s >= GOAL for s in scores)} at or above {GOAL:.0%}")
    if record:
        record_reports(root, reports)
    return reports
