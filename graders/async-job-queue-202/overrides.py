"""Fakes for the async-job-queue-202 challenge (runs in the candidate's process; not secret).

Replaces `get_runner` with a report runner the tests step through. A run of a report whose title
is *held* blocks until the test finishes it; any other run returns at once. Control router:

    POST /reset                           finish every held run (as done), forget holds and runs
    POST /hold       {"title": t}         runs for title t block until finished
    POST /wait-running {"title": t, "timeout_s": s}   answer once a run for t has started
    POST /finish     {"title": t, "outcome": "done" | "fail" | "crash"}
                                          done: return the result; fail: raise the app's
                                          ReportError; crash: raise RuntimeError
    GET  /runs?title=t                    runs seen for t and their state

Every test uses its own titles, so tests never see each other's runs.
"""

import asyncio
import contextlib
import types
from typing import Any, Literal

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

HOLD_LIMIT_S = 8.0


def fake_result(request: Any) -> dict[str, Any]:
    return {"title": request.title, "kind": request.kind, "month": request.month, "rows": 42}


class FakeRunner:
    def __init__(self, report_error: type[Exception]) -> None:
        self.report_error = report_error
        self.held: dict[str, asyncio.Event] = {}
        self.outcome: dict[str, str] = {}
        self.runs: list[dict[str, Any]] = []
        self.changed = asyncio.Condition()

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Any, timeout_s: float) -> bool:
        async with self.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait_for(predicate), timeout_s)
        return bool(predicate())

    async def run(self, request: Any) -> dict[str, Any]:
        title = request.title
        record = {"title": title, "state": "running"}
        self.runs.append(record)
        await self.notify()
        try:
            await asyncio.sleep(0)  # always yield, like real work
            gate = self.held.get(title)
            if gate is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(gate.wait(), HOLD_LIMIT_S)
            outcome = self.outcome.pop(title, "done")
            if outcome == "fail":
                record["state"] = "raised"
                raise self.report_error(f"no data for {request.month}")
            if outcome == "crash":
                record["state"] = "raised"
                raise RuntimeError("report engine crashed: segfault in libreport")
            record["state"] = "returned"
            return fake_result(request)
        finally:
            await self.notify()


class Title(BaseModel):
    title: str


class WaitRunning(Title):
    timeout_s: float = Field(default=3.0, gt=0, le=HOLD_LIMIT_S)


class Finish(Title):
    outcome: Literal["done", "fail", "crash"] = "done"


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    runner = FakeRunner(module.ReportError)
    app.dependency_overrides[module.get_runner] = lambda: runner
    router = APIRouter()

    def runs_for(title: str) -> list[dict[str, Any]]:
        return [r for r in runner.runs if r["title"] == title]

    async def settle() -> None:
        for _ in range(20):  # let the app's worker record what the run returned
            await asyncio.sleep(0)

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        for gate in runner.held.values():
            gate.set()
        runner.held.clear()
        runner.outcome.clear()
        runner.runs.clear()
        await settle()
        return {"ok": True}

    @router.post("/hold")
    async def hold(body: Title) -> dict[str, bool]:
        runner.held.setdefault(body.title, asyncio.Event())
        return {"ok": True}

    @router.post("/wait-running")
    async def wait_running(body: WaitRunning) -> dict[str, Any]:
        started = await runner.wait_for(lambda: bool(runs_for(body.title)), body.timeout_s)
        return {"started": started, "runs": runs_for(body.title)}

    @router.post("/finish")
    async def finish(body: Finish) -> dict[str, Any]:
        runner.outcome[body.title] = body.outcome
        gate = runner.held.pop(body.title, None)
        if gate is not None:
            gate.set()
        done = await runner.wait_for(
            lambda: any(r["state"] != "running" for r in runs_for(body.title)), 3.0
        )
        await settle()
        return {"finished": done, "runs": runs_for(body.title)}

    @router.get("/runs")
    async def runs(title: str) -> dict[str, Any]:
        return {"runs": runs_for(title)}

    return router
