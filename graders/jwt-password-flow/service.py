"""The grader's side of jwt-password-flow (runs in the grader's process, see crucible_link.py).

The clock the tests move lives here: the app's `get_now` fake asks it for the time, so nothing
in the app can move it. So do the settings the app is given: the app's `get_settings` fake
asks for them on every request, and a test may change them (another secret, another lifetime).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from crucible_link import ServiceError, exposed

JWT_SECRET = "crucible-grader-secret-5c1f0e2a9b7d4e63a8f1"
ACCESS_TOKEN_MINUTES = 10  # the starter's default is 15, so a hard-coded lifetime shows


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clock = 0.0
        self.jwt_secret = JWT_SECRET
        self.access_token_minutes = ACCESS_TOKEN_MINUTES
        self.reset()

    def reset(self) -> None:
        """Before each test: the clock at the real current time (whole seconds), the default
        settings."""
        with self._lock:
            self.clock = float(int(time.time()))
            self.jwt_secret = JWT_SECRET
            self.access_token_minutes = ACCESS_TOKEN_MINUTES

    # -- what the tests use ---------------------------------------------------------------

    def timestamp(self) -> int:
        with self._lock:
            return int(self.clock)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ServiceError("the clock only moves forward")
        with self._lock:
            self.clock += seconds

    def use_settings(self, jwt_secret: str, access_token_minutes: int) -> None:
        with self._lock:
            self.jwt_secret, self.access_token_minutes = jwt_secret, access_token_minutes

    # -- what the app's fakes call ----------------------------------------------------------

    @exposed
    def now(self) -> float:
        with self._lock:
            return self.clock

    @exposed
    def settings(self) -> dict[str, Any]:
        with self._lock:
            return {"jwt_secret": self.jwt_secret,
                    "access_token_minutes": self.access_token_minutes}
