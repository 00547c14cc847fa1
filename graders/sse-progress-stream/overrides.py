"""Fakes for the sse-progress-stream challenge (runs in the candidate's process; not secret).

Replaces `get_feed` with a progress feed the tests publish to. Imports the tests did not create
are passed on to the app's own feed (the starter's "demo"). Control router:

    POST /reset                                   forget the tests' imports
    POST /imports {"id": i}                       create import i (no updates yet)
    POST /publish {"id": i, "percent": p, "stage": s, "error": e}   append an update (seq 1, 2, ...)
    POST /wait-subscribers {"id": i, "count": n, "timeout_s": t}
                                                  answer once exactly n streams of i are open
                                                  (or after t)

Every test uses its own import ids.
"""

import asyncio
import types
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

WAIT_LIMIT_S = 8.0


class FakeFeed:
    def __init__(self, module: types.ModuleType) -> None:
        self.module = module
        self.real = module.get_feed()  # the app's own feed, for imports the tests did not create
        self.updates_by_id: dict[str, list[Any]] = {}
        self.changed: dict[str, asyncio.Event] = {}
        self.subscribers: dict[str, int] = {}

    def exists(self, import_id: str) -> bool:
        return import_id in self.updates_by_id or self.real.exists(import_id)

    def snapshot(self, import_id: str) -> list[Any]:
        if import_id in self.updates_by_id:
            return list(self.updates_by_id[import_id])
        return self.real.snapshot(import_id)

    def publish(self, import_id: str, percent: int, stage: str, error: str | None) -> None:
        updates = self.updates_by_id[import_id]
        updates.append(
            self.module.Update(seq=len(updates) + 1, percent=percent, stage=stage, error=error)
        )
        self.changed.pop(import_id, asyncio.Event()).set()

    async def updates(self, import_id: str, after: int = 0) -> AsyncIterator[Any]:
        if import_id not in self.updates_by_id:
            async for update in self.real.updates(import_id, after=after):
                yield update
            return
        self.subscribers[import_id] = self.subscribers.get(import_id, 0) + 1
        try:
            sent = after
            while True:
                changed = self.changed.setdefault(import_id, asyncio.Event())
                updates = self.updates_by_id.get(import_id)
                if updates is None:  # reset by the tests
                    return
                for update in updates[sent:]:
                    sent = update.seq
                    yield update
                    if update.stage in ("done", "failed"):
                        return
                if updates and updates[-1].stage in ("done", "failed"):
                    return
                try:
                    await asyncio.wait_for(changed.wait(), WAIT_LIMIT_S)
                except TimeoutError:
                    return
        finally:
            self.subscribers[import_id] -= 1


class ImportIn(BaseModel):
    id: str


class PublishIn(ImportIn):
    percent: int = Field(ge=0, le=100)
    stage: str
    error: str | None = None


class WaitSubscribers(ImportIn):
    count: int = Field(ge=0)
    timeout_s: float = Field(default=3.0, gt=0, le=WAIT_LIMIT_S)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    feed = FakeFeed(module)
    app.dependency_overrides[module.get_feed] = lambda: feed
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        for event in feed.changed.values():
            event.set()
        feed.updates_by_id.clear()
        feed.changed.clear()
        return {"ok": True}

    @router.post("/imports")
    async def create(body: ImportIn) -> dict[str, bool]:
        feed.updates_by_id.setdefault(body.id, [])
        return {"ok": True}

    @router.post("/publish")
    async def publish(body: PublishIn) -> dict[str, int]:
        feed.publish(body.id, body.percent, body.stage, body.error)
        return {"seq": len(feed.updates_by_id[body.id])}

    @router.post("/wait-subscribers")
    async def wait_subscribers(body: WaitSubscribers) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + body.timeout_s
        while feed.subscribers.get(body.id, 0) != body.count and loop.time() < deadline:
            await asyncio.sleep(0.005)
        current = feed.subscribers.get(body.id, 0)
        return {"reached": current == body.count, "subscribers": current}

    return router
