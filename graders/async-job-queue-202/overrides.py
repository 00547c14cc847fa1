"""Fakes for the async-job-queue-202 challenge (runs in the candidate's process; not secret).

Replaces `get_runner` with a client of the grader's fake report engine (service.py, in the
grader's process): each run is made, and recorded, there, and the report comes from there. A
failed run raises the app's own `ReportError`, a crash a `RuntimeError`.
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import RemoteError, grader
from fastapi import FastAPI
from pydantic_core import to_jsonable_python


class GraderRunner:
    """Same interface as the starter's ReportRunner: `await run(request)`."""

    def __init__(self, report_error: type[Exception]) -> None:
        self._report_error = report_error

    async def run(self, request: Any) -> dict[str, Any]:
        try:
            return await grader().acall("run", to_jsonable_python(request))
        except RemoteError as exc:
            if exc.kind == "ReportFailed":
                raise self._report_error(str(exc)) from None
            if exc.kind == "EngineCrashed":
                raise RuntimeError(str(exc)) from None
            raise


def install(app: FastAPI, module: types.ModuleType) -> None:
    runner = GraderRunner(module.ReportError)
    app.dependency_overrides[module.get_runner] = lambda: runner
