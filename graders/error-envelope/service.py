"""The grader's side of error-envelope (runs in the grader's process, see crucible_link.py): the
reminder outbox the app's notifier sends to. It records every reminder sent (task id and
title), and fails the sends the test asks for (`fail_next(kind)`), with a message holding a
credential drawn for this run, so no app can know in advance which send fails or what it says.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from crucible_link import ServiceError, exposed

KINDS = ("RuntimeError", "ConnectionError")


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.secret = f"hunter2-{secrets.token_hex(6)}"
        self.sent: list[dict[str, Any]] = []      # reminders delivered
        self.failed: list[dict[str, Any]] = []    # sends that failed on purpose
        self.failures: list[str] = []             # kinds of the next failing sends

    def reset(self) -> None:
        """Before each test: nothing sent, every send succeeds."""
        with self._lock:
            self.sent.clear()
            self.failed.clear()
            self.failures.clear()

    # --- for the tests -----------------------------------------------------------------------

    def fail_next(self, kind: str = "RuntimeError") -> None:
        """The next send fails with an exception of type `kind` whose text leaks internals."""
        assert kind in KINDS, kind
        with self._lock:
            self.failures.append(kind)

    def sent_ids(self) -> list[int]:
        with self._lock:
            return [entry["task_id"] for entry in self.sent]

    # --- for the app (untrusted input) -------------------------------------------------------

    @exposed
    def send(self, task_id: Any, title: Any) -> dict[str, str] | None:
        """Delivers one reminder; answers None, or how this send fails: {"kind", "message"}."""
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            raise ServiceError("task_id must be an integer")
        if not isinstance(title, str) or len(title) > 1000:
            raise ServiceError("title must be a string")
        entry = {"task_id": task_id, "title": title}
        with self._lock:
            if self.failures:
                kind = self.failures.pop(0)
                self.failed.append(entry)
                return {"kind": kind, "message": (
                    f"SMTP login failed for smtp://ops:{self.secret}@mail.internal:587 "
                    f"(reminder for task {task_id})")}
            self.sent.append(entry)
            return None
