# WRONG: invalid Last-Event-ID silently treated as 0 -- violates "A Last-Event-ID that is not a non-negative integer is FastAPI standard 422, located at [header, last-event-id]"
"""Orders export: CSV streamed in batches of 100 rows from a sync generator, and a native
FastAPI SSE feed fed by a def dependency (the blocking source never runs on the event loop)."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar

from fastapi import Depends, FastAPI, Header, HTTPException, Query, status
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

BATCH_ROWS = 100
CSV_HEADER = ["id", "customer", "total", "status", "created_at"]


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def money(cents: int) -> str:
    units, rest = divmod(cents, 100)
    return f"{units}.{rest:02d}"


def csv_chunks(orders: Iterator[Order]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    pending = 0
    for order in orders:
        writer.writerow(
            [order.id, order.customer, money(order.total_cents), order.status.value,
             utc_stamp(order.created_at)]
        )
        pending += 1
        if pending == BATCH_ROWS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
            pending = 0
    yield buffer.getvalue()


@app.get("/exports/orders.csv")
def export_orders(
    source: SourceDep, status: Annotated[OrderStatus | None, Query()] = None
) -> StreamingResponse:
    filename = "orders.csv" if status is None else f"orders-{status.value}.csv"
    return StreamingResponse(
        csv_chunks(source.iter_orders(status)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def order_history(order_id: int, source: SourceDep) -> list[StatusChange]:
    """A def dependency: runs in the thread pool, and raises the 404 before the stream starts."""
    if source.get_order(order_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Order not found")
    return source.history(order_id)


@app.get("/orders/{order_id}/events", response_class=EventSourceResponse)
def order_events(
    order_id: int,
    history: Annotated[list[StatusChange], Depends(order_history)],
    last_event_id: Annotated[str | None, Header()] = None,
) -> Iterator[ServerSentEvent]:
    try:
        start = max(int(last_event_id or 0), 0)
    except ValueError:
        start = 0
    for position, change in enumerate(history, start=1):
        if position <= start:
            continue
        yield ServerSentEvent(
            event="status",
            id=str(position),
            data={"order_id": order_id, "status": change.status.value, "at": utc_stamp(change.at)},
        )
