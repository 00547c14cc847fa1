# WRONG: has_more = a full page, so a page that ends exactly at the last event says true ('A page that ends exactly at the last event has has_more: false')
"""Event streams. Appending and deleting work; reading returns the whole stream at once.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Make GET /streams/{stream}/events paginate with an opaque cursor (see the statement).
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Annotated, Any

import base64
import binascii
import json

from fastapi import Depends, FastAPI, HTTPException, Query, status
from pydantic import BaseModel, Field

app = FastAPI(title="Event streams")

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


# --- cursor: URL-safe base64 of {"after": <seq>}, padding stripped ---------------------------


def encode_cursor(after: int) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> int:
    """The seq the cursor points after. Raises ValueError for anything we could not have issued."""
    if not cursor:
        raise ValueError("empty cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("undecodable cursor") from exc
    if not isinstance(data, dict) or set(data) != {"after"}:
        raise ValueError("wrong shape")
    after = data["after"]
    if type(after) is not int or after < 0:
        raise ValueError("wrong position")
    return after


def cursor_position(cursor: Annotated[str | None, Query()] = None) -> int | None:
    if cursor is None:
        return None
    try:
        return decode_cursor(cursor)
    except ValueError:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="Invalid cursor") from None


Position = Annotated[int | None, Depends(cursor_position)]
Limit = Annotated[int, Query(ge=1, le=100)]


@app.get("/streams/{stream}/events")
async def read_events(stream: StreamName, store: StoreDep, after: Position, limit: Limit = 20) -> EventPage:
    events = store.streams.get(stream, Stream()).events
    start = 0 if after is None else bisect_right(events, after, key=event_seq)
    window = events[start : start + limit + 1]
    items = window[:limit]
    has_more = len(items) == limit
    if items:
        next_cursor = encode_cursor(items[-1].seq)
    else:
        next_cursor = None if after is None else encode_cursor(after)
    return EventPage(items=items, next_cursor=next_cursor, has_more=has_more)
