"""Fakes for the dependency-cache challenge (runs in the candidate's process; not secret).

Replaces `get_db` with a version that opens a real connection (by calling the app's own
`get_db`) and wraps it so that every connection opened and every method called on it is
recorded under the request's `X-Test-Id` header. The control router reads the record:

    POST /reset                      forget everything recorded
    GET  /log?test_id=t              {"connections": [1, 2],
                                      "calls": [{"conn": 1, "op": "get_user"}, ...]}

Connections are numbered 1, 2, ... per test id, in the order they were opened.
"""

from __future__ import annotations

import types
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, FastAPI, Request


class Recorder:
    def __init__(self) -> None:
        self.connections: dict[str, list[int]] = defaultdict(list)
        self.calls: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def reset(self) -> None:
        self.connections.clear()
        self.calls.clear()

    def open(self, tag: str) -> int:
        number = len(self.connections[tag]) + 1
        self.connections[tag].append(number)
        return number


class RecordingConnection:
    """Forwards everything to the real connection, noting each method call."""

    def __init__(self, inner: Any, recorder: Recorder, tag: str, number: int) -> None:
        self._inner = inner
        self._recorder = recorder
        self._tag = tag
        self._number = number

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr) or name.startswith("_"):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self._recorder.calls[self._tag].append({"conn": self._number, "op": name})
            return attr(*args, **kwargs)

        return call


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    recorder = Recorder()
    real_get_db = module.get_db

    async def recording_get_db(request: Request) -> Any:
        tag = request.headers.get("x-test-id", "")
        return RecordingConnection(real_get_db(), recorder, tag, recorder.open(tag))

    app.dependency_overrides[module.get_db] = recording_get_db
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        recorder.reset()
        return {"ok": True}

    @router.get("/log")
    async def log(test_id: str) -> dict[str, Any]:
        return {
            "connections": recorder.connections.get(test_id, []),
            "calls": recorder.calls.get(test_id, []),
        }

    return router
