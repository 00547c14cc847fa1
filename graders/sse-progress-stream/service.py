"""The grader's side of sse-progress-stream (runs in the grader's process, see crucible_link.py).

The tests' imports and their updates live here, and so do the subscriptions: the app's fake
feed (overrides.py) gets every update of `feed.updates()` from a subscription it opens here and
must release when it stops iterating. The open subscriptions are counted here, out of the
app's reach; an app that releases one can no longer read from it.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from crucible_link import ServiceError, exposed

FINAL = ("done", "failed")
NEXT_WAIT_S = 8.0  # a subscription with nothing new for this long ends (a test is over by then)


class Service:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.imports: dict[str, list[dict[str, Any]]] = {}
        # token -> {"import": id, "sent": seq, "open": bool}
        self._subscriptions: dict[str, dict[str, Any]] = {}
        self.subscribed = 0  # how many subscriptions were ever opened (for messages)

    def reset(self) -> None:
        """Before each test: no imports, every subscription closed (their streams end)."""
        with self._lock:
            self.imports.clear()
            for sub in self._subscriptions.values():
                sub["open"] = False
            self._subscriptions.clear()
            self._lock.notify_all()

    # --- the tests' side --------------------------------------------------------------------

    def new_import(self) -> str:
        import_id = f"imp-{uuid.uuid4().hex[:10]}"
        with self._lock:
            self.imports[import_id] = []
        return import_id

    def publish(self, import_id: str, percent: int, stage: str, error: str | None = None) -> int:
        """Appends an update (seq 1, 2, ...) and wakes the streams waiting for it."""
        with self._lock:
            updates = self.imports[import_id]
            seq = len(updates) + 1
            updates.append({"seq": seq, "percent": percent, "stage": stage, "error": error})
            self._lock.notify_all()
            return seq

    def subscribers(self, import_id: str) -> int:
        """How many `updates()` iterations of this import are open now."""
        with self._lock:
            return self._open(import_id)

    def wait_subscribers(self, import_id: str, count: int, timeout_s: float = 3.0) -> int:
        """Waits until exactly `count` iterations of the import are open; returns the number
        open when it returns (== count unless the wait timed out)."""
        with self._lock:
            self._lock.wait_for(lambda: self._open(import_id) == count, timeout_s)
            return self._open(import_id)

    def _open(self, import_id: str) -> int:
        return sum(1 for s in self._subscriptions.values() if s["open"] and s["import"] == import_id)

    # --- the app's side (exposed: untrusted arguments) --------------------------------------

    @staticmethod
    def _import_id(value: Any) -> str:
        if not isinstance(value, str):
            raise ServiceError("an import id is a string")
        return value

    @exposed
    def exists(self, import_id: Any) -> bool:
        """True for an import the tests created (others belong to the app's own feed)."""
        with self._lock:
            return self._import_id(import_id) in self.imports

    @exposed
    def snapshot(self, import_id: Any) -> list[dict[str, Any]] | None:
        """The updates so far, or None for an import the tests did not create."""
        with self._lock:
            updates = self.imports.get(self._import_id(import_id))
            return None if updates is None else [dict(u) for u in updates]

    @exposed
    def subscribe(self, import_id: Any, after: Any = 0) -> str | None:
        """Opens an iteration of the updates with seq > after; None for an import the tests
        did not create. It counts as open until `unsubscribe` or its end."""
        import_id = self._import_id(import_id)
        if not isinstance(after, int) or isinstance(after, bool):
            raise ServiceError(f"after must be an integer, got {type(after).__name__}")
        with self._lock:
            if import_id not in self.imports:
                return None
            token = uuid.uuid4().hex
            self._subscriptions[token] = {"import": import_id, "sent": max(after, 0), "open": True}
            self.subscribed += 1
            self._lock.notify_all()
            return token

    @exposed
    def next(self, token: Any) -> dict[str, Any] | None:
        """The subscription's next update, waiting for it to be published; None once the
        iteration is over: after the final update, once released, or after a long silence."""
        if not isinstance(token, str):
            raise ServiceError("a subscription token is a string")
        with self._lock:
            sub = self._subscriptions.get(token)
            if sub is None:
                raise ServiceError("no such subscription")

            def ready() -> bool:
                updates = self.imports.get(sub["import"])
                return not sub["open"] or updates is None or len(updates) > sub["sent"] or (
                    bool(updates) and updates[-1]["stage"] in FINAL)

            self._lock.wait_for(ready, NEXT_WAIT_S)
            updates = self.imports.get(sub["import"])
            if sub["open"] and updates is not None and len(updates) > sub["sent"]:
                update = updates[sub["sent"]]
                sub["sent"] = update["seq"]
                return dict(update)
            self._close(token)
            return None

    @exposed
    def unsubscribe(self, token: Any) -> None:
        """The app stopped iterating: the subscription is closed (and reads nothing more)."""
        if not isinstance(token, str):
            raise ServiceError("a subscription token is a string")
        with self._lock:
            self._close(token)

    def _close(self, token: str) -> None:
        sub = self._subscriptions.pop(token, None)
        if sub is not None:
            sub["open"] = False
            self._lock.notify_all()
