"""The long-lived parts of a Crucible process: database, library, sandbox and grading workers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from app.config import Settings
from app.db import create_tables, make_engine, make_sessionmaker
from app.errors import ChallengeFormatError
from app.grading.queue import Wakeup
from app.grading.sandbox import LABEL
from app.grading.worker import Grade, Worker
from app.library.loader import Challenge, load_library
from app.models import utcnow
from app.quizzes.loader import load_bank
from app.services.attempts import close_expired
from app.services.cache import TTLCache
from app.services.deadline import grade_pending
from app.services.knowledge_check import close_expired_sections
from app.services.questions import sync_bank
from app.services.versions import sync_library

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    library: dict[str, Challenge]
    broken: dict[str, str] = field(default_factory=dict)  # slug -> why it did not load
    wakeup: Wakeup = field(default_factory=Wakeup)
    # Hot read paths: candidate contexts by link (short-lived) and submission statuses.
    contexts: TTLCache[Any] = field(default_factory=TTLCache)
    statuses: TTLCache[Any] = field(default_factory=TTLCache)
    views: TTLCache[Any] = field(default_factory=TTLCache)  # assessments, by id

    async def assessment_view(self, assessment_id: int, load: Any) -> Any:
        """An assessment with its pinned versions, from the cache for a minute (they never
        change in place; publishing a regrade clears the cache)."""
        return await self.views.get_or_load(assessment_id, load, ttl=lambda _: 60.0)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    closers: list[object] = field(default_factory=list)
    _tool_sandbox: Any = None
    _library_signature: int = 0

    async def current_library(self) -> dict[str, Challenge]:
        """The library, reloaded first when its files changed (another process published a
        challenge, or someone edited the folder): the newest file time is the signature."""
        signature = library_signature(self.settings.library_root)
        if signature != self._library_signature:
            self.library, self.broken = load_library(self.settings.library_root)
            async with self.sessions() as session:
                await sync_library(session=session, library=self.library)
            self._library_signature = signature
        return self.library

    def tool_sandbox(self) -> Any:
        """A sandbox for validations started from the browser (made on first use)."""
        if self._tool_sandbox is None:
            from app.grading.factory import make_sandbox

            self._tool_sandbox = make_sandbox(self.settings)
            self.closers.append(self._tool_sandbox)
        return self._tool_sandbox

    def start_workers(self, grade: Grade, count: int) -> None:
        for _ in range(count):
            worker = Worker(self.sessions, grade, lease_s=self.settings.lease_s,
                            max_attempts=self.settings.max_sandbox_attempts,
                            poll_s=self.settings.worker_poll_s, wakeup=self.wakeup)
            self.tasks.append(asyncio.create_task(worker.run_forever()))

    def start_sweeper(self, interval_s: float = 30.0) -> None:
        """Close attempts whose time is up, even when the candidate never comes back."""

        async def sweep() -> None:
            while True:
                try:
                    async with self.sessions() as session:
                        await close_expired(session=session, now=utcnow())
                        if await grade_pending(session=session, now=utcnow()):
                            self.wakeup.notify()  # code written before the deadline is graded
                        await close_expired_sections(session=session, now=utcnow())
                except Exception:  # the sweeper must outlive a failed pass
                    log.exception("closing expired attempts failed")
                await asyncio.sleep(interval_s)

        self.tasks.append(asyncio.create_task(sweep()))

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for closer in self.closers:
            await closer.aclose()  # type: ignore[attr-defined]
        await self.engine.dispose()


async def open_runtime(settings: Settings) -> Runtime:
    engine = make_engine(settings.database_url)
    await create_tables(engine)
    sessions = make_sessionmaker(engine)
    library, broken = load_library(settings.library_root)
    for slug, reason in broken.items():
        log.error("challenge %s left out: %s", slug, reason)
    async with sessions() as session:
        await sync_library(session=session, library=library)
        try:
            await sync_bank(session=session, bank=load_bank(settings.library_root))
        except ChallengeFormatError as exc:  # `make test` rejects such a bank; keep serving
            log.error("the question bank was not loaded: %s", exc.message)
    return Runtime(settings=settings, engine=engine, sessions=sessions, library=library,
                   broken=broken, _library_signature=library_signature(settings.library_root))


def library_signature(root: Path) -> int:
    """The newest modification time (ns) of any file or folder of the library."""
    newest = 0
    for part in ("challenges", "graders"):
        for folder, dirs, files in os.walk(root / part):
            for name in [folder, *(os.path.join(folder, f) for f in files)]:
                with contextlib.suppress(OSError):
                    newest = max(newest, os.stat(name).st_mtime_ns)
            dirs[:] = [d for d in dirs if d != "__pycache__"]
    return newest


def prune_stale_containers() -> None:
    """Remove sandbox containers left behind by a process that was killed mid-grading."""
    subprocess.run(["docker", "container", "prune", "--force", "--filter", f"label={LABEL}",
                    "--filter", "until=2m"], capture_output=True, check=False)


def attach_sandbox(runtime: Runtime, count: int) -> None:
    """Start `count` workers grading in Docker (the image is built when missing)."""
    from app.grading.factory import make_sandbox

    sandbox = make_sandbox(runtime.settings)
    prune_stale_containers()
    runtime.closers.append(sandbox)
    runtime.start_workers(sandbox.run, count)


async def run_workers(settings: Settings, concurrency: int) -> None:
    runtime = await open_runtime(settings)
    runtime.start_sweeper()  # deadlines pass (and their code is graded) with no web process
    attach_sandbox(runtime, concurrency)
    log.info("%s grading workers running", concurrency)
    try:
        await asyncio.gather(*runtime.tasks)
    finally:
        await runtime.close()
