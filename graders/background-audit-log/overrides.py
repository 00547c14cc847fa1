"""Fakes for the background-audit-log challenge (runs in the candidate's process; not secret).

Replaces the `get_audit_log` dependency with a sink the hidden tests can read and steer, and
`get_now` with a clock that says what the control router set.

    POST /reset                       forget entries, release a held write, now = DEFAULT_NOW
    POST /now   {"at": iso-datetime}  what get_now returns from now on
    POST /hold                        writes block (in flight) until /release
    POST /release                     let held writes finish
    POST /fail-next                   the next write raises RuntimeError
    GET  /entries                     {"entries": [...as JSON...], "writing": <writes in flight>}
    POST /wait  {"document_id": n, "writing": k, "timeout_s": t}
                                      answer once an entry for document n is stored (or, with
                                      "writing", once k writes are in flight), or after t
"""

import asyncio
import contextlib
import types
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

HOLD_LIMIT_S = 10.0  # a held write never blocks longer than this, whatever the test does
DEFAULT_NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def _as_json(entry: Any) -> Any:
    if hasattr(entry, "model_dump"):
        return entry.model_dump(mode="json")
    return entry


class FakeAuditLog:
    """Same interface as the starter's AuditLog: `await write(entry)`."""

    def __init__(self) -> None:
        self.entries: list[Any] = []
        self.writing = 0
        self.gate: asyncio.Event | None = None
        self.fail_next = False
        self.now = DEFAULT_NOW
        self._changed = asyncio.Condition()

    def reset(self) -> None:
        self.release()
        self.entries.clear()
        self.fail_next = False
        self.now = DEFAULT_NOW

    def release(self) -> None:
        if self.gate is not None:
            self.gate.set()
        self.gate = None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def write(self, entry: Any) -> None:
        self.writing += 1
        await self._notify()
        try:
            await asyncio.sleep(0)  # always yield, like real I/O
            gate = self.gate
            if gate is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(gate.wait(), HOLD_LIMIT_S)
            if self.fail_next:
                self.fail_next = False
                raise RuntimeError("the fake audit service is down")
            self.entries.append(_as_json(entry))
        finally:
            self.writing -= 1
            await self._notify()

    def has_document(self, document_id: int) -> bool:
        return any(
            isinstance(e, dict) and e.get("document_id") == document_id for e in self.entries
        )

    async def wait_for(self, predicate: Any, timeout_s: float) -> bool:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(predicate), timeout_s)
            except TimeoutError:
                return False
            return True


class SetNow(BaseModel):
    at: datetime


class Wait(BaseModel):
    document_id: int | None = None
    writing: int | None = Field(default=None, ge=1)
    timeout_s: float = Field(default=3.0, gt=0, le=HOLD_LIMIT_S)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    sink = FakeAuditLog()
    app.dependency_overrides[module.get_audit_log] = lambda: sink
    app.dependency_overrides[module.get_now] = lambda: sink.now
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        sink.reset()
        return {"ok": True}

    @router.post("/now")
    async def set_now(body: SetNow) -> dict[str, bool]:
        sink.now = body.at
        return {"ok": True}

    @router.post("/hold")
    async def hold() -> dict[str, bool]:
        sink.gate = sink.gate or asyncio.Event()
        return {"ok": True}

    @router.post("/release")
    async def release() -> dict[str, bool]:
        sink.release()
        return {"ok": True}

    @router.post("/fail-next")
    async def fail_next() -> dict[str, bool]:
        sink.fail_next = True
        return {"ok": True}

    @router.get("/entries")
    async def entries() -> dict[str, Any]:
        return {"entries": sink.entries, "writing": sink.writing}

    @router.post("/wait")
    async def wait(body: Wait) -> dict[str, Any]:
        if body.writing is not None:
            count = body.writing
            reached = await sink.wait_for(lambda: sink.writing >= count, body.timeout_s)
        else:
            document_id = body.document_id
            reached = await sink.wait_for(lambda: sink.has_document(document_id), body.timeout_s)
        return {"reached": reached, "entries": sink.entries, "writing": sink.writing}

    return router
