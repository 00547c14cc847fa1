"""Fakes for the streaming-csv-export challenge (runs in the candidate's process; not secret).

Replaces the `get_source` dependency with a source that has the starter's three blocking
methods, whose orders live in the grader's process (service.py): `iter_orders` fetches them page
by page while it is iterated (like a server-side cursor), and the grader can hold an export
part-way there, so a test can see that the first rows reach the client before the source has
finished.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from crucible_link import grader
from fastapi import FastAPI

PAGE = 100


class GraderSource:
    """Same methods as the starter's OrderSource; each one blocks on a call to the grader."""

    def __init__(self, module: types.ModuleType) -> None:
        self._module = module

    def _order(self, data: dict[str, Any]) -> Any:
        return self._module.Order(
            id=data["id"], customer=data["customer"], total_cents=data["total_cents"],
            status=self._module.OrderStatus(data["status"]),
            created_at=datetime.fromisoformat(data["created_at"]),
        )

    def iter_orders(self, status: Any = None) -> Iterator[Any]:
        wanted = None if status is None else str(getattr(status, "value", status))
        cursor = grader().call("open_cursor", wanted)
        while True:
            page = grader().call("fetch", cursor, PAGE)
            if not page:
                return
            for data in page:
                yield self._order(data)

    def get_order(self, order_id: int) -> Any:
        found = grader().call("get_order", order_id)
        return None if found is None else self._order(found)

    def history(self, order_id: int) -> list[Any]:
        return [
            self._module.StatusChange(status=self._module.OrderStatus(change["status"]),
                                      at=datetime.fromisoformat(change["at"]))
            for change in grader().call("history", order_id)
        ]


def install(app: FastAPI, module: types.ModuleType) -> None:
    source = GraderSource(module)
    app.dependency_overrides[module.get_source] = lambda: source
