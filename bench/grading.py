"""Submit→verdict latency through the durable queue, and throughput with a burst queued at once."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

from app.library.loader import Challenge
from app.models import Submission
from app.runtime import Runtime
from app.services import submissions


@dataclass
class Timing:
    total_s: float
    result: dict


async def _wait_done(runtime: Runtime, submission_id: int) -> dict:
    while True:
        async with runtime.sessions() as session:
            row = await session.get(Submission, submission_id)
            if row.status == "done":
                return row.result or {}
        await asyncio.sleep(0.005)


async def submit_and_wait(runtime: Runtime, challenge: Challenge) -> Timing:
    started = time.perf_counter()
    async with runtime.sessions() as session:
        sub = await submissions.submit(session=session, challenge=challenge,
                                       files=challenge.reference)
    runtime.wakeup.notify()
    result = await _wait_done(runtime, sub.id)
    return Timing(time.perf_counter() - started, result)


async def burst(runtime: Runtime, challenge: Challenge, count: int) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    ids = []
    async with runtime.sessions() as session:
        for _ in range(count):
            sub = await submissions.submit(session=session, challenge=challenge,
                                           files=challenge.reference)
            ids.append(sub.id)
    runtime.wakeup.notify()
    results = await asyncio.gather(*(_wait_done(runtime, i) for i in ids))
    return time.perf_counter() - started, list(results)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def breakdown(results: list[dict]) -> str:
    """Where a sandbox run's time goes: app start, tests, and container overhead."""
    start = statistics.mean(r["startup_ms"] for r in results)
    tests = statistics.mean(r["tests_ms"] for r in results)
    total = statistics.mean(r["duration_ms"] for r in results)
    return (f"container run {total:.0f} ms = app start {start:.0f} ms + tests {tests:.0f} ms "
            f"+ docker/harness overhead {total - start - tests:.0f} ms")
