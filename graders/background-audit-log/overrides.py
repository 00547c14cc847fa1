"""Fakes for the background-audit-log challenge (runs in the candidate's process; not secret).

`get_audit_log` becomes a client of the grader's fake audit service (service.py, in the
grader's process), one per request: it tells the service when the request's route has returned
(the response is sent next) and when a write begins, and the entry is stored there. `get_now`
asks the service for the time the tests set. Nothing is recorded here.
"""

import asyncio
import types
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from crucible_link import grader
from fastapi import Depends, FastAPI
from pydantic_core import to_jsonable_python


class GraderAuditLog:
    """Same interface as the starter's AuditLog: `await write(entry)`."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def write(self, entry: Any) -> None:
        data = to_jsonable_python(entry)
        # In the event loop, not a worker thread: the service sees when the write began.
        number = grader().call("write_begins", self._token, data)
        await grader().acall("write_ends", number)  # the tests may hold or fail it


async def _request_token() -> AsyncIterator[str]:
    token = grader().call("route_begins")
    try:
        yield token
    finally:
        # After the route returned, before its response is sent (scope="function"). Like any
        # real client's clean-up, it lets the event loop run other tasks for a moment.
        for _ in range(5):
            await asyncio.sleep(0)
        grader().call("route_returns", token)


async def grader_audit_log(
    token: Annotated[str, Depends(_request_token, scope="function")],
) -> GraderAuditLog:
    return GraderAuditLog(token)


async def grader_now() -> datetime:
    return datetime.fromisoformat(await grader().acall("current_time"))


def install(app: FastAPI, module: types.ModuleType) -> None:
    app.dependency_overrides[module.get_audit_log] = grader_audit_log
    app.dependency_overrides[module.get_now] = grader_now
