"""Grading in separate processes: `crucible worker`, and kill -9 of the app mid-grading."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from app.config import REPO_ROOT, Settings
from app.models import GradingJob, Submission
from app.runtime import open_runtime
from app.services import submissions
from tests.servers import free_port

pytestmark = pytest.mark.sandbox
SLUG = "health-and-typed-path-params"


def start_app(settings: Settings, log: Path, *command: str) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "CRUCIBLE_DATABASE_URL": settings.database_url, "CRUCIBLE_WORKERS": "1",
        "CRUCIBLE_LEASE_S": str(settings.lease_s), "CRUCIBLE_WORKER_POLL_S": "0.1",
        "CRUCIBLE_PORT": str(free_port()), "CRUCIBLE_ENV": "test",
    }
    return subprocess.Popen([sys.executable, "-m", "app.cli", *(command or ("serve",))], env=env,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=REPO_ROOT)


async def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = await predicate()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_kill_minus_nine_during_grading_then_graded_exactly_once(
        settings: Settings, tmp_path: Path) -> None:
    settings.lease_s = 4.0
    runtime = await open_runtime(settings)
    challenge = runtime.library[SLUG]
    # A correct solution that takes a while to start, so the kill lands mid-grading.
    slow = "import time\ntime.sleep(2.5)\n" + challenge.reference["solution.py"]
    async with runtime.sessions() as session:
        sub = await submissions.submit_challenge(session=session, challenge=challenge,
                                       files={"solution.py": slow})

    async def state() -> tuple[str, int, str | None]:
        async with runtime.sessions() as session:
            row = await session.get(Submission, sub.id, populate_existing=True)
            job = (await session.exec(select(GradingJob).where(
                GradingJob.submission_id == sub.id))).one()
            await session.refresh(job)
            return row.status, job.attempts, row.verdict

    log = tmp_path / "app.log"
    first = start_app(settings, log)
    try:
        await wait_for(lambda: _is(state, "running"), 30, "the first app to start grading")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert (await state())[0] == "running"  # nothing was recorded by the killed app
        second = start_app(settings, log)
        try:
            await wait_for(lambda: _is(state, "done"), 40, "the restarted app to grade")
        finally:
            second.terminate()
            second.wait(15)
    finally:
        if first.poll() is None:
            first.kill()
    status, attempts, verdict = await state()
    assert (status, verdict) == ("done", "passed"), log.read_text()[-3000:]
    assert attempts == 2  # claimed once by each process; recorded once
    await runtime.close()


async def _is(state, wanted: str) -> bool:  # type: ignore[no-untyped-def]
    return (await state())[0] == wanted


async def test_crucible_worker_process_grades_a_queued_submission(
        settings: Settings, tmp_path: Path) -> None:
    runtime = await open_runtime(settings)
    challenge = runtime.library[SLUG]
    async with runtime.sessions() as session:
        sub = await submissions.submit_challenge(session=session, challenge=challenge,
                                       files=challenge.wrong["upper_bound_exclusive"])

    async def verdict() -> str | None:
        async with runtime.sessions() as session:
            return (await session.get(Submission, sub.id, populate_existing=True)).verdict

    log = tmp_path / "worker.log"
    worker = start_app(settings, log, "worker", "--concurrency", "1")
    try:
        assert await wait_for(verdict, 40, "the worker to grade") == "failed", log.read_text()
    finally:
        worker.terminate()
        worker.wait(15)
    await runtime.close()
