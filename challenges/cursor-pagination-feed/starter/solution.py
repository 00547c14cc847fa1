"""Event streams. Appending and deleting work; reading returns the whole stream at once.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Make GET /streams/{stream}/events paginate with an opaque cursor (see the statement).
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, status
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


@app.get("/streams/{stream}/events")
async def read_events(stream: StreamName, store: StoreDep) -> EventPage:
    # TODO: `limit` and `cursor` query parameters, keyset pagination, next_cursor and has_more.
    log = store.streams.get(stream, Stream())
    return EventPage(items=log.events, next_cursor=None, has_more=False)
