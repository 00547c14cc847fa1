"""The grader's side of sqlmodel-crud (runs in the grader's process, see crucible_link.py and
crucible_sql.py): the SQLite database behind the engine that replaces `get_engine`. Every
connection the app's sessions open is a real sqlite3 connection here, so a commit, a rollback or
a transaction left open behaves as it would against a database server, and the tests read the
stored rows on a connection of their own, out of the app's reach."""

from __future__ import annotations

from typing import Any

from crucible_link import Gate, exposed
from crucible_sql import SqlService

COLUMNS = ("id", "sku", "name", "price_cents", "cost_cents", "description")


class Service(SqlService):
    def __init__(self) -> None:
        super().__init__()
        self.commit_gate = Gate(timeout_s=5.0)  # a test holds the app's commits here

    def reset(self) -> None:
        """Before each test: every table empty (the schema the app created stays), commits
        let through."""
        self.commit_gate.release()
        self.db.clear_rows()

    @exposed
    def sql_finish(self, number: int, how: str) -> None:
        if how == "commit":
            self.commit_gate.wait()
        self.db.finish(number, how)

    def inserts(self) -> int:
        """How many INSERTs into product the app has sent since the last reset."""
        return sum(s.upper().startswith('INSERT INTO PRODUCT') or
                   s.upper().startswith('INSERT INTO "PRODUCT"') for s in self.db.counted())

    def rows(self) -> list[dict[str, Any]]:
        """Every committed product row, internal columns included, by id."""
        if "product" not in self.db.tables():
            return []
        names = ", ".join(f'"{c}"' for c in COLUMNS)
        found = self.db.execute(f'SELECT {names} FROM "product" ORDER BY "id"')
        return [dict(zip(COLUMNS, row, strict=True)) for row in found]
