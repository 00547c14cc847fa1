"""Fakes for the yield-session-lifecycle challenge (runs in the candidate's process; not secret).

Replaces `get_database` with a fresh instance of the app's own `Database` whose sessions are
wrapped: every `commit`, `rollback` and `close` is recorded per session, and a commit can be
made to fail with the app's `CommitError` (nothing is saved then). The control router:

    POST /reset               a fresh, empty database; forget the record; no failure armed
    POST /fail-next-commit    the next commit() raises CommitError
    GET  /sessions            [{"id": 1, "events": ["commit", "close"]}, ...] in creation order
"""

from __future__ import annotations

import types
from typing import Any

from fastapi import APIRouter, FastAPI


class RecordingSession:
    """Forwards everything to the app's session; records the lifecycle calls."""

    def __init__(self, inner: Any, fake: FakeDatabase, number: int) -> None:
        self._inner = inner
        self._fake = fake
        self.number = number
        self.events: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def commit(self) -> None:
        self.events.append("commit")
        if self._fake.fail_next_commit:
            self._fake.fail_next_commit = False
            raise self._fake.error_type("the fake database refused the commit")
        await self._inner.commit()

    async def rollback(self) -> None:
        self.events.append("rollback")
        await self._inner.rollback()

    async def close(self) -> None:
        self.events.append("close")
        await self._inner.close()


class FakeDatabase:
    def __init__(self, module: types.ModuleType) -> None:
        self._module = module
        self.error_type: type[Exception] = module.CommitError
        self.reset()

    def reset(self) -> None:
        self.real = self._module.Database()
        self.sessions: list[RecordingSession] = []
        self.fail_next_commit = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def session(self) -> RecordingSession:
        recorded = RecordingSession(self.real.session(), self, len(self.sessions) + 1)
        self.sessions.append(recorded)
        return recorded


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    fake = FakeDatabase(module)
    app.dependency_overrides[module.get_database] = lambda: fake
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        fake.reset()
        return {"ok": True}

    @router.post("/fail-next-commit")
    async def fail_next_commit() -> dict[str, bool]:
        fake.fail_next_commit = True
        return {"ok": True}

    @router.get("/sessions")
    async def sessions() -> list[dict[str, Any]]:
        return [{"id": s.number, "events": list(s.events)} for s in fake.sessions]

    return router
