"""Event streams with keyset pagination.

Style: the cursor is an HMAC-signed token "<seq>.<signature>" (still opaque to clients), the page
parameters are a class-based dependency in default-value style, forged cursors raise a custom
exception turned into a 400 by an exception handler, and the page is built with a linear scan.
"""

import hashlib
import hmac
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, status
from fastapi.responses import JSONResponse
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
    events: list[Event] = field(default_factory=list)
    next_seq: int = 0


def event_seq(event: Event) -> int:
    return event.seq


@dataclass
class Store:
    streams: dict[str, Stream] = field(default_factory=dict)


_store = Store()


def get_store() -> Store:
    return _store


StoreDep = Annotated[Store, Depends(get_store)]


class InvalidCursor(Exception):
    pass


@app.exception_handler(InvalidCursor)
async def invalid_cursor(request: Request, exc: InvalidCursor) -> JSONResponse:
    return JSONResponse({"detail": "Invalid cursor"}, status_code=400)


_SECRET = b"event-stream-cursor-v1"
_TOKEN = re.compile(r"(0|[1-9][0-9]{0,17})\.([0-9a-f]{16})")


def _sign(seq: int) -> str:
    return hmac.new(_SECRET, str(seq).encode(), hashlib.sha256).hexdigest()[:16]


class Cursors:
    @staticmethod
    def issue(seq: int) -> str:
        return f"{seq}.{_sign(seq)}"

    @staticmethod
    def parse(token: str) -> int:
        match = _TOKEN.fullmatch(token)
        if match is None or not hmac.compare_digest(match.group(2), _sign(int(match.group(1)))):
            raise InvalidCursor(token)
        return int(match.group(1))


class PageParams:
    def __init__(self, limit: int = Query(20, ge=1, le=100), cursor: str | None = Query(None)) -> None:
        self.limit = limit
        self.after = None if cursor is None else Cursors.parse(cursor)


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


@app.get("/streams/{stream}/events", response_model=EventPage)
def read_events(stream: StreamName, store: Store = Depends(get_store), page: PageParams = Depends()):
    log = store.streams.get(stream)
    candidates = [] if log is None else [e for e in log.events if page.after is None or e.seq > page.after]
    items = candidates[: page.limit]
    has_more = len(candidates) > page.limit
    if items:
        next_cursor = Cursors.issue(items[-1].seq)
    elif page.after is not None:
        next_cursor = Cursors.issue(page.after)
    else:
        next_cursor = None
    return {"items": [e.model_dump() for e in items], "next_cursor": next_cursor, "has_more": has_more}
