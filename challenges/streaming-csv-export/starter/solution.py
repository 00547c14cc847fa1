"""Orders export. The CSV export works for small data only; the status feed is missing.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `OrderStatus`, `Order`, `StatusChange`, `OrderSource` and `get_source`: the grader replaces
`get_source` with a fake source that has the same methods.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar

from fastapi import Depends, FastAPI, Response
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


@app.get("/exports/orders.csv")
def export_orders(source: SourceDep) -> Response:
    # TODO: stream it, quote it, filter it, name it (see the statement).
    lines = ["id,customer,total,status,created_at"]
    for order in source.iter_orders():
        lines.append(
            f"{order.id},{order.customer},{order.total_cents / 100},"
            f"{order.status.value},{order.created_at.isoformat()}"
        )
    return Response("\n".join(lines) + "\n", media_type="text/csv")


# TODO: GET /orders/{order_id}/events (Server-Sent Events)
