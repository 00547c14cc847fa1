"""Imports API. Clients poll a progress snapshot; make it a Server-Sent Events stream instead.

Run it with `uvicorn solution:app --reload`, then
`curl -N http://127.0.0.1:8000/imports/demo/progress`.
Keep the names `Update`, `ProgressFeed` and `get_feed`: the grader replaces `get_feed` with a
feed it publishes to.
"""

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Imports")

Stage = Literal["queued", "parsing", "validating", "writing", "done", "failed"]


class Update(BaseModel):
    seq: int  # 1, 2, 3, ... within one import
    percent: int
    stage: Stage
    error: str | None = None  # only when stage == "failed"

    @property
    def final(self) -> bool:
        return self.stage in ("done", "failed")


class ProgressFeed:
    """Progress updates published by the import workers (in production: a Redis stream)."""

    def __init__(self) -> None:
        self._updates: dict[str, list[Update]] = {}
        self._changed: dict[str, asyncio.Event] = {}

    def exists(self, import_id: str) -> bool:
        return import_id in self._updates

    def snapshot(self, import_id: str) -> list[Update]:
        """The updates published so far (does not wait)."""
        return list(self._updates.get(import_id, []))

    def publish(self, import_id: str, percent: int, stage: Stage, error: str | None = None) -> None:
        updates = self._updates.setdefault(import_id, [])
        updates.append(Update(seq=len(updates) + 1, percent=percent, stage=stage, error=error))
        self._changed.pop(import_id, asyncio.Event()).set()

    async def updates(self, import_id: str, after: int = 0) -> AsyncIterator[Update]:
        """Every update with seq > after, waiting for new ones; ends after the final update."""
        sent = after
        while True:
            changed = self._changed.setdefault(import_id, asyncio.Event())
            updates = self._updates.get(import_id, [])
            for update in updates[sent:]:
                sent = update.seq
                yield update
                if update.final:
                    return
            if updates and updates[-1].final:
                return
            await changed.wait()


_feed = ProgressFeed()
_feed.publish("demo", 0, "queued")
_feed.publish("demo", 30, "parsing")
_feed.publish("demo", 70, "writing")
_feed.publish("demo", 100, "done")


def get_feed() -> ProgressFeed:
    return _feed


FeedDep = Annotated[ProgressFeed, Depends(get_feed)]


import json

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse


class ProgressQuery:
    """Class-based dependency: validates the import and the resume point before streaming."""

    def __init__(
        self,
        import_id: str,
        feed: FeedDep,
        last_event_id: int = Header(default=0, ge=0, alias="Last-Event-ID"),
    ) -> None:
        if not feed.exists(import_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"Import {import_id!r} not found")
        self.import_id = import_id
        self.feed = feed
        self.after = last_event_id

    def format(self, update: Update) -> str:
        payload = update.model_dump(mode="json", exclude={"seq"})
        if payload.get("error") is None:
            payload.pop("error", None)
        name = update.stage if update.final else "progress"
        return f"id: {update.seq}\nevent: {name}\ndata: {json.dumps(payload)}\n\n"

    async def stream(self) -> AsyncIterator[str]:
        iterator = self.feed.updates(self.import_id, after=self.after)
        try:
            async for update in iterator:
                yield self.format(update)
        finally:
            await iterator.aclose()


router = APIRouter(prefix="/imports", tags=["imports"])


@router.get("/{import_id}/progress")
async def progress(query: Annotated[ProgressQuery, Depends()]) -> StreamingResponse:
    return StreamingResponse(
        query.stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


app.include_router(router)
