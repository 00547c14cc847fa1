"""The grader's side of background-audit-log (runs in the grader's process, see
crucible_link.py): the fake audit service and the clock.

Every entry the app writes is stored here, where the app cannot reach it, together with the
order of events that tell whether it was written after its response: the app's audit log is a
per-request client (overrides.py) that says when its route has returned and the response is
about to be sent (`route_returns`), and when a write begins (`write_begins`, synchronously, in
the app's event loop, so the order of the two is the order in which they happened there). The
tests hold writes at a gate, make the next write fail and set the time `get_now` returns.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime
from typing import Any

from crucible_link import Gate, ServiceError, exposed

DEFAULT_NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
MAX_ROUTES = 10_000
MAX_WRITES = 1_000


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.gate = Gate(timeout_s=10.0)
        self.reset()

    def reset(self) -> None:
        """Before each test: no entries, writes let through, the default time."""
        self.gate.release()
        with self._lock:
            self.generation = getattr(self, "generation", 0) + 1  # a held write of an earlier test is dropped
            self.now = DEFAULT_NOW
            self.fail_next = False
            self.routes: dict[str, bool] = {}  # request token -> its route has returned
            self.writes: list[dict[str, Any]] = []  # every write begun, in order
            self.entries: list[Any] = []  # entries stored (writes that completed)

    # -- what the tests use --------------------------------------------------------------

    def writing(self) -> int:
        """Writes begun and not finished (held at the gate, or on their way)."""
        with self._lock:
            return sum(1 for w in self.writes if w["state"] == "writing")

    def has_document(self, document_id: int) -> bool:
        with self._lock:
            return any(isinstance(e, dict) and e.get("document_id") == document_id
                       for e in self.entries)

    def early_writes(self) -> list[dict[str, Any]]:
        """Writes that began before their request's response was sent."""
        with self._lock:
            return [dict(w) for w in self.writes if not w["after_response"]]

    # -- what the app's fakes call ---------------------------------------------------------

    @exposed
    def current_time(self) -> str:
        """What get_now returns."""
        return self.now.isoformat()

    @exposed
    def route_begins(self) -> str:
        """A request resolved get_audit_log: a token for its audit client."""
        token = secrets.token_hex(16)
        with self._lock:
            if len(self.routes) >= MAX_ROUTES:
                self.routes.clear()
            self.routes[token] = False
        return token

    @exposed
    def route_returns(self, token: Any) -> None:
        """The request's route has returned; its response is sent next."""
        with self._lock:
            if isinstance(token, str) and token in self.routes:
                self.routes[token] = True

    @exposed
    def write_begins(self, token: Any, entry: Any) -> int:
        """A write began (its entry is stored by `write_ends`); returns its number."""
        with self._lock:
            if len(self.writes) >= MAX_WRITES:
                raise ServiceError("too many audit writes")
            after = isinstance(token, str) and self.routes.get(token) is True
            self.writes.append({"entry": entry, "after_response": after, "state": "writing",
                                "generation": self.generation})
            return len(self.writes) - 1

    @exposed
    def write_ends(self, number: Any) -> None:
        """Waits while the tests hold writes, then stores the entry (or fails once)."""
        with self._lock:
            if not isinstance(number, int) or not 0 <= number < len(self.writes) \
                    or self.writes[number]["state"] != "writing":
                raise ServiceError("no such write in progress")
            write = self.writes[number]
        self.gate.wait()
        with self._lock:
            if self.fail_next:
                self.fail_next = False
                write["state"] = "failed"
                raise ServiceError("the fake audit service is down")
            write["state"] = "stored"
            if write["generation"] == self.generation:
                self.entries.append(write["entry"])
