"""Prints the grading benchmark: floor, single-submission latency, burst throughput."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from pathlib import Path

from app.config import REPO_ROOT, Settings
from app.runtime import attach_sandbox, open_runtime
from bench.floor import floor_run, floor_run_in_image
from bench.grading import breakdown, burst, percentile, submit_and_wait

SLUG = "health-and-typed-path-params"


async def main(rounds: int, burst_size: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'b.db'}",
                            library_root=REPO_ROOT, workers=workers, worker_poll_s=0.05)
        runtime = await open_runtime(settings)
        challenge = runtime.library[SLUG]
        floor = statistics.median(floor_run(challenge) for _ in range(5))
        print(f"challenge: {SLUG} ({len(challenge.hidden)} hidden files), workers: {workers}")
        print(f"floor (in-process pytest on the host, median of 5): {floor * 1000:.0f} ms")

        attach_sandbox(runtime, workers)
        image = runtime.closers[0].image  # type: ignore[attr-defined]
        image_floor = statistics.median(floor_run_in_image(challenge, image) for _ in range(5))
        print(f"floor with the runner image's interpreter (same run, no sandbox): "
              f"{image_floor * 1000:.0f} ms")
        await submit_and_wait(runtime, challenge)  # warm-up: page cache, image layers
        singles = [await submit_and_wait(runtime, challenge) for _ in range(rounds)]
        latencies = [t.total_s for t in singles]
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(f"single submission submit->verdict over {rounds}: p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms ({p50 / floor:.2f}x the host floor, "
              f"{p50 / image_floor:.2f}x the image floor; goal <= 2x)")
        print(f"  {breakdown([t.result for t in singles])}")

        elapsed, results = await burst(runtime, challenge, burst_size)
        verdicts = {r["verdict"] for r in results}
        print(f"throughput: {burst_size} queued at once graded in {elapsed:.2f} s = "
              f"{burst_size / elapsed:.2f} gradings/s (goal >= 1.5), verdicts {sorted(verdicts)}")
        print(f"  {breakdown(results)}")
        await runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=8)
    parser.add_argument("--workers", type=int, default=Settings().workers)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.burst, args.workers))
