"""A host-wide limit on running sandboxes, shared by every process on the host.

`serve --processes N`, each `crucible worker`, `crucible grade` and `library validate` all take
a slot before `docker run` and give it back when the verdict is in. A slot is an exclusive
`flock` on one of N files in a folder every process sees: the kernel drops the lock when its
holder dies, so a killed worker never leaks a slot, and no daemon is needed. N defaults to the
number of cores (each sandbox gets one CPU), so graded apps never queue for a core because of
each other; waiting for a slot happens outside the container, off the candidate's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

DEFAULT_DIR = Path("/var/lib/crucible/sandbox-slots")
POLL_S = 0.02


def default_slots() -> int:
    return max(1, os.cpu_count() or 1)


class HostAdmission:
    """At most `slots` sandboxes at once on this host, across processes."""

    def __init__(self, slots: int | None = None, folder: Path | None = None) -> None:
        self.slots = slots or default_slots()
        self.folder = folder or DEFAULT_DIR
        self.folder.mkdir(parents=True, exist_ok=True)

    def _try_take(self) -> int | None:
        """A locked descriptor of a free slot, or None when all are taken."""
        for number in range(self.slots):
            fd = os.open(self.folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        return None

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[float]:
        """Holds a slot for the body; yields the seconds spent waiting for it."""
        started = time.monotonic()
        while (fd := self._try_take()) is None:
            await asyncio.sleep(POLL_S)
        try:
            yield time.monotonic() - started
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def busy(self) -> int:
        """How many slots are held right now (for readiness and benchmarks)."""
        held = 0
        for number in range(self.slots):
            path = self.folder / f"slot-{number}.lock"
            if not path.exists():
                continue
            fd = os.open(path, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held += 1
            finally:
                os.close(fd)
        return held
