"""The grader's side of streaming-csv-export (runs in the grader's process, see
crucible_link.py): the orders the fake source serves, and the hold that pauses an export
part-way. The app's source (overrides.py) fetches its rows from here page by page, like a
server-side cursor, so an export that is held here cannot get past the hold without the grader:
whatever reached the client while the hold was on was produced before it. The totals change
from one test to the next, so an export remembered from an earlier test is wrong in a later one.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from crucible_link import Gate, ServiceError, exposed

BULK_ORDERS = 5_000
PAGE_LIMIT = 500
HOLD_LIMIT_S = 10.0  # a held export never blocks longer than this, whatever the test does
START = datetime(2026, 2, 1, 8, 30, tzinfo=UTC)
STATUSES = ("pending", "paid", "shipped", "cancelled")
TRICKY = [
    ("Ada Lovelace", "paid"),
    ("Smith, Jones & Co", "shipped"),
    ('Dwayne "The Rock" Johnson', "pending"),
    ("Line\nBreak Ltd", "cancelled"),
    ("Zo\u00eb Caf\u00e9 \u6771\u4eac", "paid"),
    ("  padded  ", "shipped"),
    ("semi;colon", "pending"),
    ('O\'Brien, "Bob"\r\nand sons', "paid"),
    ("Tab\tSeparated", "shipped"),
]
LIFECYCLE = {
    "pending": ["pending"],
    "paid": ["pending", "paid"],
    "shipped": ["pending", "paid", "shipped"],
    "cancelled": ["pending", "cancelled"],
}


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _orders(generation: int) -> list[dict[str, Any]]:
    rows: list[tuple[str, str]] = list(TRICKY)
    rows += [(f"Customer {i:05d}", STATUSES[i * 7 % 4])
             for i in range(len(TRICKY) + 1, BULK_ORDERS)]
    return [
        {
            "id": number,
            "customer": customer,
            "total_cents": (number * 7_919 + generation * 1_237) % 250_000
            + (5 if number % 3 else 0),
            "status": state,
            "created_at": START + timedelta(minutes=number * 13, seconds=number % 60),
        }
        for number, (customer, state) in enumerate(rows, start=1)
    ]


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.gate = Gate(timeout_s=HOLD_LIMIT_S)
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        """Before each test: new totals, no hold armed, anything still held released."""
        with self._lock:
            self.generation += 1
            self.orders = _orders(self.generation)
            self._by_id = {o["id"]: o for o in self.orders}
            if not hasattr(self, "_cursors"):  # an export of the previous test may still run
                self._cursors: dict[int, dict[str, Any]] = {}
                self._next_cursor = 1
            self._hold_after: int | None = None
        self.gate.release()

    # -- what the tests use -------------------------------------------------------------------

    def hold(self, after_rows: int) -> None:
        """The next export blocks after `after_rows` orders until `release()`."""
        with self._lock:
            self._hold_after = after_rows
            self.gate.hold()

    def release(self) -> None:
        with self._lock:
            self._hold_after = None
        self.gate.release()

    def expected_orders(self) -> list[dict[str, Any]]:
        """The orders as the CSV shows them: {id, customer, total_cents, status, created_at}."""
        return [{**o, "created_at": utc(o["created_at"])} for o in self.orders]

    def expected_history(self, order_id: int) -> list[dict[str, str]]:
        return self.history(order_id)

    # -- the source, for the app --------------------------------------------------------------

    @staticmethod
    def _wire(order: dict[str, Any]) -> dict[str, Any]:
        return {**order, "created_at": order["created_at"].isoformat()}

    @exposed
    def open_cursor(self, status: str | None = None) -> int:
        """A new export; the hold armed by the test (if any) applies to this one only."""
        if status is not None and status not in STATUSES:
            raise ServiceError("unknown status")
        with self._lock:
            if len(self._cursors) > 1_000:
                self._cursors.pop(next(iter(self._cursors)))
            number = self._next_cursor
            self._next_cursor += 1
            self._cursors[number] = {"status": status, "position": 0, "sent": 0,
                                     "hold_after": self._hold_after}
            self._hold_after = None
            return number

    @exposed
    def fetch(self, cursor: int, limit: int = 100) -> list[dict[str, Any]]:
        """The next orders of an export (empty at the end); waits at the hold when it is due."""
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ServiceError("limit is a positive integer")
        limit = min(limit, PAGE_LIMIT)
        with self._lock:
            state = self._cursors.get(cursor) if isinstance(cursor, int) else None
            if state is None:
                raise ServiceError("no such cursor")
            hold_after = state["hold_after"]
            if hold_after is not None and state["sent"] == hold_after:
                state["hold_after"] = None
                must_wait = True
            else:
                must_wait = False
                if hold_after is not None:
                    limit = min(limit, hold_after - state["sent"])
        if must_wait:
            self.gate.wait()
        with self._lock:
            found: list[dict[str, Any]] = []
            orders, position = self.orders, state["position"]
            while position < len(orders) and len(found) < limit:
                order = orders[position]
                position += 1
                if state["status"] is None or order["status"] == state["status"]:
                    found.append(self._wire(order))
            state["position"], state["sent"] = position, state["sent"] + len(found)
            if not found:
                self._cursors.pop(cursor, None)
            return found

    @exposed
    def get_order(self, order_id: int) -> dict[str, Any] | None:
        found = self._by_id.get(order_id) if isinstance(order_id, int) else None
        return None if found is None else self._wire(found)

    @exposed
    def history(self, order_id: int) -> list[dict[str, str]]:
        order = self._by_id.get(order_id) if isinstance(order_id, int) else None
        if order is None:
            return []
        return [
            {"status": step,
             "at": utc(order["created_at"] + timedelta(hours=n * 5, minutes=n * 7))}
            for n, step in enumerate(LIFECYCLE[order["status"]])
        ]
