"""Event streams read with keyset (cursor) pagination (reference solution).

A cursor is base64url-encoded JSON `{"after": <seq>}`: the position after which the next page
starts. It names a key, not an offset, so deleting or appending events never shifts a page.
"""

import base64
import binascii
import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, status
from pydantic import BaseModel, Field, ValidationError

app = FastAPI(title="Event streams")

MAX_LIMIT = 100
StreamName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]


class EventCreate(BaseModel):
    type: str = Field(min_length=1, max_length=100)
    data: dict[str, Any] = {}


class Event(EventCreate):
    seq: int


class EventPage(BaseModel):
    items: list[Event]
    next_cursor: str | None
    has_more: bool


@dataclass
class Stream:
    events: list[Event] = field(default_factory=list)  # ascending seq
    next_seq: int = 0  # never reused, even after a delete


def event_seq(event: Event) -> int:
    return event.seq


@dataclass
class Store:
    streams: dict[str, Stream] = field(default_factory=dict)


_store = Store()


def get_store() -> Store:
    return _store


StoreDep = Annotated[Store, Depends(get_store)]


class CursorPayload(BaseModel):
    after: int = Field(ge=0)


def encode_cursor(after: int) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def cursor_position(
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> int | None:
    """The seq after which to start, or None for the beginning of the stream."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return CursorPayload.model_validate_json(raw).after
    except (binascii.Error, ValueError, ValidationError):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="Invalid cursor") from None


@app.post("/streams/{stream}/events", status_code=status.HTTP_201_CREATED)
async def append_event(stream: StreamName, payload: EventCreate, store: StoreDep) -> Event:
    log = store.streams.setdefault(stream, Stream())
    event = Event(seq=log.next_seq, **payload.model_dump())
    log.next_seq += 1
    log.events.append(event)
    return event


@app.delete("/streams/{stream}/events/{seq}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_event(stream: StreamName, seq: int, store: StoreDep) -> None:
    events = store.streams.get(stream, Stream()).events
    index = bisect_left(events, seq, key=event_seq)
    if index == len(events) or events[index].seq != seq:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Event not found")
    del events[index]


@app.get("/streams/{stream}/events")
async def read_events(
    stream: StreamName,
    after: Annotated[int | None, Depends(cursor_position)],
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> EventPage:
    log = store.streams.get(stream, Stream())
    start = 0 if after is None else bisect_right(log.events, after, key=event_seq)
    window = log.events[start : start + limit + 1]  # one extra row tells whether more exist
    items = window[:limit]
    if items:
        next_cursor: str | None = encode_cursor(items[-1].seq)
    else:
        next_cursor = None if after is None else encode_cursor(after)
    return EventPage(items=items, next_cursor=next_cursor, has_more=len(window) > limit)
