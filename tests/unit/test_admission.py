"""The host-wide sandbox admission: at most N holders across processes, and a holder that dies
gives its slot back (the kernel drops its flock)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.grading.admission import HostAdmission

HOLDER = """
import asyncio, sys, time
from pathlib import Path
from app.grading.admission import HostAdmission

async def main():
    async with HostAdmission(2, Path(sys.argv[1])).slot():
        print("held", flush=True)
        time.sleep(60)

asyncio.run(main())
"""


def _holder(folder: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


async def test_at_most_n_sandboxes_at_once_within_a_process(tmp_path: Path) -> None:
    admission = HostAdmission(2, tmp_path)
    running, peak = 0, 0

    async def grade() -> None:
        nonlocal running, peak
        async with admission.slot():
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.03)
            running -= 1

    await asyncio.gather(*(grade() for _ in range(12)))
    assert peak == 2


async def test_slots_are_shared_across_processes_and_freed_when_a_holder_dies(
        tmp_path: Path) -> None:
    holders = [_holder(tmp_path), _holder(tmp_path)]
    try:
        admission = HostAdmission(2, tmp_path)
        assert admission.busy() == 2
        waiting = asyncio.ensure_future(admission.slot().__aenter__())
        await asyncio.sleep(0.2)
        assert not waiting.done()  # both slots are held by other processes
        os.kill(holders[0].pid, signal.SIGKILL)
        started = time.monotonic()
        await asyncio.wait_for(waiting, 5)
        assert time.monotonic() - started < 5
    finally:
        for proc in holders:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
