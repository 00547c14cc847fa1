"""Import progress as Server-Sent Events, written by hand: CRLF line endings, a reconnection
hint (`retry:`) and a comment before the first event, `data:` without the optional space, and
the fields in another order. Every one is valid SSE: a block without `data` is not an event."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, status
from fastapi.responses import StreamingResponse
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


def existing_import(import_id: str, feed: FeedDep) -> str:
    if not feed.exists(import_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Import not found")
    return import_id


def frame(update: Update) -> bytes:
    name = update.stage if update.final else "progress"
    data = json.dumps(update.model_dump(exclude={"seq"}, exclude_none=True), separators=(",", ":"))
    return f"event:{name}\r\ndata:{data}\r\nid:{update.seq}\r\n\r\n".encode()


@app.get("/imports/{import_id}/progress")
async def progress(
    import_id: Annotated[str, Depends(existing_import)],
    feed: FeedDep,
    last_event_id: Annotated[int, Header(ge=0)] = 0,
) -> StreamingResponse:
    async def events() -> AsyncIterator[bytes]:
        yield b"retry: 3000\r\n\r\n: connected\r\n\r\n"
        async for update in feed.updates(import_id, after=last_event_id):
            yield frame(update)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})
