"""Validation of a draft in the sandbox, in the background: the page shows "running" and then
the same table as `crucible library validate`."""

from __future__ import annotations

import asyncio
import logging

from app.errors import ChallengeFormatError
from app.library.validate import validate_challenge
from app.models import ChallengeSource, utcnow
from app.runtime import Runtime
from app.services.authoring import load_files, validation_record

log = logging.getLogger(__name__)
JOBS = 2


async def start_validation(runtime: Runtime, draft: ChallengeSource) -> asyncio.Task[None]:
    """Mark the draft as being validated and validate it in a task of the runtime."""
    try:
        challenge = load_files(draft.slug, draft.files)
    except ChallengeFormatError as exc:
        async with runtime.sessions() as session:
            row = await session.get(ChallengeSource, draft.id)
            row.validation = {"state": "done", "version": "", "ok": False,
                              "error": exc.message, "checks": []}
            session.add(row)
            await session.commit()
        return asyncio.create_task(asyncio.sleep(0))
    async with runtime.sessions() as session:
        row = await session.get(ChallengeSource, draft.id)
        row.validation = {"state": "running", "version": challenge.version,
                          "started_at": utcnow().isoformat()}
        session.add(row)
        await session.commit()

    async def run() -> None:
        try:
            report = await validate_challenge(challenge, runtime.tool_sandbox().run,
                                              asyncio.Semaphore(JOBS))
            record = validation_record(report, challenge.version)
        except Exception as exc:  # the page must leave "running" whatever happened
            log.exception("validating draft %s failed", draft.id)
            record = {"state": "done", "version": challenge.version, "ok": False,
                      "error": f"the validation could not run: {exc}", "checks": []}
        async with runtime.sessions() as session:
            row = await session.get(ChallengeSource, draft.id)
            if row is not None and row.files == draft.files:  # not edited meanwhile
                row.validation = record
                session.add(row)
                await session.commit()

    task = asyncio.create_task(run())
    runtime.tasks.append(task)
    return task
