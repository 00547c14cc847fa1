"""Real-Docker fixtures for the sandbox-security suite.

One runner image and one `DockerSandbox` serve the whole session. Every case grades small inline
apps against a hidden test file that alone knows a random secret (`GET /secret` must return it),
so an app that could read the tests or forge a result would pass. Each case ends with a good
submission that must still pass: the sandbox recovered. A summary table of every run (verdict and
seconds) is printed at the end of the session.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import shutil
import subprocess
import textwrap
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from app.grading.contract import GradeRequest, GradeResult, Limits, Verdict
from app.grading.image import ensure_runner_image, image_id
from app.grading.sandbox import LABEL, DockerSandbox, outer_limit_s

REPO_ROOT = Path(__file__).resolve().parents[2]
# Small limits keep the suite quick; an attack must still fail inside them.
FAST = Limits(wall_s=6, startup_s=4)
FINDINGS = "FINDINGS "

# Prepended to every attack app: how the app tells the suite what it managed to do. It goes to
# the candidate's own (capped) log, which the result carries back.
REPORT_HELPER = '''\
import json as _json


def report(findings):
    print("FINDINGS " + _json.dumps(findings, sort_keys=True), flush=True)

'''

HIDDEN_TESTS = '''\
"""Hidden tests of the sandbox suite: only this file knows the secret."""

SECRET = {secret!r}


def test_secret(client):
    """GET /secret returns the secret"""
    assert client.get("/secret").json() == SECRET


def test_secret_again(client):
    """It still does on a second request"""
    assert client.get("/secret").json() == SECRET
'''

GOOD_APP = '''\
from fastapi import FastAPI

app = FastAPI()


@app.get("/secret")
def secret() -> str:
    return {secret!r}
'''


@dataclass
class Run:
    """One grading run: what came back and how long it took from the outside."""

    case: str
    limits: Limits
    result: GradeResult
    seconds: float

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    def findings(self) -> dict[str, Any]:
        """The last FINDINGS line the attack app printed to its own log."""
        lines = [line for line in self.result.candidate_log.splitlines()
                 if line.startswith(FINDINGS)]
        assert lines, f"{self.case}: the app reported nothing\n{self.describe()}"
        return json.loads(lines[-1][len(FINDINGS):])

    def assert_bounded(self) -> None:
        """The grading came back before the sandbox kills the container from outside (the limits,
        which a busy host may stretch, plus a grace; a second covers `docker kill` itself)."""
        budget = outer_limit_s(self.limits) + 1.0
        assert self.seconds < budget, f"{self.case} took {self.seconds:.1f} s (> {budget} s)"

    def assert_not_passed(self) -> None:
        assert self.verdict is not Verdict.PASSED, f"{self.case} passed!\n{self.describe()}"
        assert self.result.score < 1.0
        self.assert_bounded()

    def describe(self) -> str:
        r = self.result
        return (f"verdict={r.verdict} score={r.score} detail={r.detail!r} in {self.seconds:.1f} s\n"
                f"tests={[(t.id, t.passed, t.message[:200]) for t in r.tests]}\n"
                f"candidate_log={r.candidate_log[-1500:]!r}\ngrader_log={r.grader_log[-1500:]!r}")


@dataclass
class Grading:
    """Builds requests around the session's secret and records every run for the summary."""

    sandbox: DockerSandbox
    secret: str
    runs: list[Run] = field(default_factory=list)
    limits: Limits = FAST

    @property
    def hidden_tests(self) -> dict[str, str]:
        return {"test_hidden.py": HIDDEN_TESTS.format(secret=self.secret)}

    @property
    def good_app(self) -> str:
        return GOOD_APP.format(secret=self.secret)

    def request(self, app: str, *, tests: dict[str, str] | None = None,
                extra_files: dict[str, str] | None = None,
                limits: Limits | None = None) -> GradeRequest:
        return GradeRequest(
            challenge_slug="sandbox-suite", challenge_version="1",
            files={"solution.py": app} | (extra_files or {}),
            tests=self.hidden_tests if tests is None else tests,
            limits=limits or self.limits,
        )

    async def run(self, case: str, app: str, *, attack: bool = True,
                  tests: dict[str, str] | None = None,
                  extra_files: dict[str, str] | None = None) -> Run:
        """Grade `app` (an attack gets the `report(findings)` helper prepended)."""
        source = REPORT_HELPER + textwrap.dedent(app) if attack else textwrap.dedent(app)
        request = self.request(source, tests=tests, extra_files=extra_files)
        started = time.monotonic()
        result = await self.sandbox.run(request)
        run = Run(case, request.limits, result, time.monotonic() - started)
        self.runs.append(run)
        assert result.verdict is not Verdict.SANDBOX_ERROR, run.describe()
        return run

    async def attacks(self, **apps: str) -> dict[str, Run]:
        """Several attack variants at once (they are independent containers)."""
        runs = await asyncio.gather(*(self.run(case, app) for case, app in apps.items()))
        return dict(zip(apps, runs, strict=True))

    async def attacks_with_tests(self, tests: dict[str, dict[str, str]]) -> dict[str, Run]:
        """The good app against several (broken) hidden-test files at once."""
        runs = await asyncio.gather(*(self.run(case, self.good_app, attack=False, tests=files)
                                      for case, files in tests.items()))
        return dict(zip(tests, runs, strict=True))

    async def good(self, after: str) -> Run:
        """A correct submission right after an attack: it must pass in full."""
        run = await self.run(f"good after {after}", self.good_app, attack=False)
        assert run.verdict is Verdict.PASSED, run.describe()
        assert run.result.score == 1.0
        assert [t.passed for t in run.result.tests] == [True, True]
        run.assert_bounded()
        return run


_RUNS: list[Run] = []


class _TrackingSandbox(DockerSandbox):
    """Remembers the name of every container it starts, to check none outlives the session."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: set[str] = set()

    def _container_name(self) -> str:
        name = super()._container_name()
        self.names.add(name)
        return name


def _labelled_containers() -> set[str]:
    out = subprocess.run(["docker", "ps", "-a", "--filter", f"label={LABEL}",
                          "--format", "{{.Names}}"], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    proc = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                          capture_output=True, check=False)
    return proc.returncode == 0


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def sandbox() -> AsyncIterator[DockerSandbox]:
    if not _docker_answers():
        pytest.fail("no Docker daemon answers: run `make test` (it starts one)", pytrace=False)
    tag = await asyncio.to_thread(ensure_runner_image, REPO_ROOT)
    box = _TrackingSandbox(tag, image_digest=image_id(tag))
    yield box
    await box.aclose()
    leftovers = _labelled_containers() & box.names
    assert not leftovers, f"containers left behind after aclose(): {sorted(leftovers)}"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def grading(sandbox: DockerSandbox) -> Grading:
    return Grading(sandbox, f"crucible-secret-{secrets.token_hex(16)}", _RUNS)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _RUNS:
        return
    terminalreporter.section("sandbox runs")
    for run in _RUNS:
        r = run.result
        terminalreporter.write_line(
            f"{run.case:<44} {r.verdict.value:<13} score={r.score:<4g} {run.seconds:5.1f} s"
            f"  (startup {r.startup_ms} ms, tests {r.tests_ms} ms)"
        )
