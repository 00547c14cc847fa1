"""Submit→verdict latency through the durable queue, and throughput with a burst queued at once."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

from sqlmodel import select

from app.library.loader import Challenge
from app.models import Submission
from app.runtime import Runtime
from app.services import submissions


@dataclass
class Timing:
    total_s: float
    result: dict


async def _wait_all(runtime: Runtime, ids: list[int]) -> list[dict]:
    """Wait until every submission is graded: one query per 10 ms for all of them, so the
    benchmark itself takes little of the CPU the sandboxes need."""
    while True:
        async with runtime.sessions() as session:
            rows = (await session.exec(select(Submission).where(Submission.id.in_(ids)))).all()
        if all(row.status == "done" for row in rows):
            by_id = {row.id: row.result or {} for row in rows}
            return [by_id[i] for i in ids]
        await asyncio.sleep(0.01)


async def submit_and_wait(runtime: Runtime, challenge: Challenge) -> Timing:
    started = time.perf_counter()
    async with runtime.sessions() as session:
        sub = await submissions.submit_challenge(session=session, challenge=challenge,
                                       files=challenge.reference)
    runtime.wakeup.notify()
    (result,) = await _wait_all(runtime, [sub.id])
    return Timing(time.perf_counter() - started, result)


async def burst(runtime: Runtime, challenge: Challenge, count: int) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    ids = []
    async with runtime.sessions() as session:
        for _ in range(count):
            sub = await submissions.submit_challenge(session=session, challenge=challenge,
                                           files=challenge.reference)
            ids.append(sub.id)
    runtime.wakeup.notify()
    results = await _wait_all(runtime, ids)
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
