"""Orders export: APIRouter, async routes that push every blocking call to the thread pool,
one CSV chunk per row via a pseudo-buffer writer, and a hand-written text/event-stream."""

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

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


class _Echo:
    """csv.writer target whose write() hands the formatted line straight back."""

    def write(self, line: str) -> str:
        return line


def _iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _row(order: Order) -> list[object]:
    return [
        order.id,
        order.customer,
        "%d.%02d" % (order.total_cents // 100, order.total_cents % 100),
        str(order.status),
        _iso_z(order.created_at),
    ]


def _csv_lines(source: OrderSource, wanted: OrderStatus | None) -> Iterator[bytes]:
    """A plain generator: StreamingResponse iterates it in the thread pool."""
    writer = csv.writer(_Echo())
    yield writer.writerow(["id", "customer", "total", "status", "created_at"]).encode()
    for order in source.iter_orders(wanted):
        yield writer.writerow(_row(order)).encode("utf-8")


def _sse(changes: list[StatusChange], order_id: int, after: int) -> Iterator[str]:
    for n, change in enumerate(changes, start=1):
        if n > after:
            data = json.dumps({"order_id": order_id, "status": change.status.value, "at": _iso_z(change.at)})
            yield f"event: status\nid: {n}\ndata: {data}\n\n"


router = APIRouter()


@router.get("/exports/orders.csv")
async def export_orders(source: SourceDep, status: OrderStatus | None = None) -> StreamingResponse:
    name = f"orders-{status}.csv" if status else "orders.csv"
    return StreamingResponse(
        _csv_lines(source, status),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


@router.get("/orders/{order_id}/events")
async def order_events(
    order_id: int,
    source: SourceDep,
    last_event_id: int | None = Header(default=None, ge=0),
) -> StreamingResponse:
    order = await run_in_threadpool(source.get_order, order_id)
    if order is None:
        raise HTTPException(404, detail="Order not found")
    changes = await run_in_threadpool(source.history, order_id)
    return StreamingResponse(
        _sse(changes, order_id, last_event_id or 0),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )


app.include_router(router)
