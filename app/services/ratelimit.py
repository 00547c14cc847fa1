"""Login throttling: a sliding window of failures per key (an account, an IP address).

Kept in memory: it protects one process, which is the single-machine default. A deployment
with several app processes behind a balancer should pin logins to one or add a shared store.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

from app.errors import DomainError


class TooManyAttempts(DomainError):
    status_code = 429

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class FailureLimiter:
    def __init__(self, limit: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        failures, horizon = self._failures[key], self.clock() - self.window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures

    def check(self, key: str) -> None:
        failures = self._recent(key)
        if len(failures) >= self.limit:
            wait = int(failures[0] + self.window_s - self.clock()) + 1
            raise TooManyAttempts(f"too many failed logins; try again in {wait} s", wait)

    def fail(self, key: str) -> None:
        self._recent(key).append(self.clock())

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)


class LoginThrottle:
    """5 failures per account and 20 per IP address in 15 minutes."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.accounts = FailureLimiter(5, 900, clock)
        self.addresses = FailureLimiter(20, 900, clock)

    def check(self, email: str, address: str) -> None:
        self.accounts.check(email)
        self.addresses.check(address)

    def failed(self, email: str, address: str) -> None:
        self.accounts.fail(email)
        self.addresses.fail(address)

    def succeeded(self, email: str) -> None:
        self.accounts.reset(email)
