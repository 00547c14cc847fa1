"""Orders export: a streamed CSV download and a Server-Sent Events feed of status changes."""

import csv
import io
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar

from fastapi import Depends, FastAPI, Header, HTTPException, status
from fastapi.responses import StreamingResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel

app = FastAPI(title="Orders export")


class OrderStatus(StrEnum):
    pending = "pending"
    paid = "paid"
    shipped = "shipped"
    cancelled = "cancelled"


class Order(BaseModel):
    id: int
    customer: str
    total_cents: int
    status: OrderStatus
    created_at: datetime  # always UTC


class StatusChange(BaseModel):
    status: OrderStatus
    at: datetime  # always UTC


class OrderSource:
    """The orders database. Every method does blocking I/O, like a database driver: call it from
    a thread (a `def` route, a `def` dependency or a plain generator), never directly inside
    `async def`. The grader replaces it with a fake that has the same methods."""

    _LIFECYCLE: ClassVar[dict[OrderStatus, list[OrderStatus]]] = {
        OrderStatus.pending: [OrderStatus.pending],
        OrderStatus.paid: [OrderStatus.pending, OrderStatus.paid],
        OrderStatus.shipped: [OrderStatus.pending, OrderStatus.paid, OrderStatus.shipped],
        OrderStatus.cancelled: [OrderStatus.pending, OrderStatus.cancelled],
    }

    def __init__(self, count: int = 2_000) -> None:
        names = ["Ada Lovelace", "Smith, Jones & Co", 'Dwayne "The Rock" Johnson', "Zoë Café"]
        statuses = list(OrderStatus)
        start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        self._orders = [
            Order(
                id=i,
                customer=names[i % len(names)],
                total_cents=i * 7919 % 100_000 + 1,
                status=statuses[i % len(statuses)],
                created_at=start + timedelta(minutes=i),
            )
            for i in range(1, count + 1)
        ]
        self._by_id = {order.id: order for order in self._orders}

    def iter_orders(self, status: OrderStatus | None = None) -> Iterator[Order]:
        """Orders by id ascending, fetched lazily (like a server-side cursor)."""
        for order in self._orders:
            if status is None or order.status is status:
                yield order

    def get_order(self, order_id: int) -> Order | None:
        return self._by_id.get(order_id)

    def history(self, order_id: int) -> list[StatusChange]:
        """The order's status changes, oldest first (empty for an unknown order)."""
        order = self.get_order(order_id)
        if order is None:
            return []
        return [
            StatusChange(status=step, at=order.created_at + timedelta(minutes=90 * n))
            for n, step in enumerate(self._LIFECYCLE[order.status])
        ]


_source = OrderSource()


def get_source() -> OrderSource:
    return _source


SourceDep = Annotated[OrderSource, Depends(get_source)]


# --- CSV export --------------------------------------------------------------------------------

CSV_COLUMNS = ("id", "customer", "total", "status", "created_at")
ROWS_PER_CHUNK = 100  # one send per 100 rows: few thread hops, little memory


def format_cents(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_chunks(orders: Iterator[Order]) -> Iterator[str]:
    """The CSV text, a few rows at a time. A plain generator: Starlette iterates it in a
    thread, so the blocking source never runs on the event loop."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # quotes commas, quotes and line breaks (RFC 4180)

    def flush() -> str:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    writer.writerow(CSV_COLUMNS)
    for count, order in enumerate(orders, start=1):
        writer.writerow(
            (
                order.id,
                order.customer,
                format_cents(order.total_cents),
                order.status.value,
                format_utc(order.created_at),
            )
        )
        if count % ROWS_PER_CHUNK == 0:
            yield flush()
    yield flush()


@app.get(
    "/exports/orders.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The orders as CSV"}},
)
def export_orders(source: SourceDep, status: OrderStatus | None = None) -> StreamingResponse:
    filename = "orders.csv" if status is None else f"orders-{status.value}.csv"
    return StreamingResponse(
        csv_chunks(source.iter_orders(status)),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- Server-Sent Events ------------------------------------------------------------------------


class StatusEvent(BaseModel):
    order_id: int
    status: OrderStatus
    at: datetime


def order_history(order_id: int, source: SourceDep) -> list[StatusChange]:
    """Loaded before the stream starts (a `def` dependency runs in a thread): once the 200
    and its headers are sent, an unknown order could no longer become a 404."""
    if source.get_order(order_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Order not found")
    return source.history(order_id)


@app.get("/orders/{order_id}/events", response_class=EventSourceResponse)
async def order_events(
    order_id: int,
    changes: Annotated[list[StatusChange], Depends(order_history)],
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
) -> AsyncIterator[ServerSentEvent]:
    """One `status` event per change; a reconnecting client resumes after Last-Event-ID."""
    start = 0 if last_event_id is None else last_event_id
    for number, change in enumerate(changes[start:], start=start + 1):
        yield ServerSentEvent(
            event="status",
            id=str(number),
            data=StatusEvent(order_id=order_id, status=change.status, at=change.at),
        )
