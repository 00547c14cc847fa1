"""The grader's side of idempotency-keys (runs in the grader's process, see crucible_link.py):
the fake payment gateway. Every charge the app makes is recorded here, where the app cannot
reach the record, and the charge id the app must return comes from here. The tests hold the
charges of one reference in flight (a gate per reference) and make the next one fail.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from crucible_link import Gate, ServiceError, exposed

MAX_CHARGES = 10_000


class GatewayDeclined(ServiceError):
    """The fake gateway failed the charge; the app's proxy raises the app's GatewayError."""


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.charges: list[dict[str, Any]] = []
        self._in_flight: dict[str, int] = {}
        self._held: dict[str, Gate] = {}
        self.fail_next: set[str] = set()

    def reset(self) -> None:
        """Before each test: no charges, nothing held or failing."""
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
            self.charges.clear()
            self.fail_next.clear()
        for gate in held:
            gate.release()

    # -- what the tests use --------------------------------------------------------------

    def hold(self, reference: str) -> None:
        """Charges for `reference` wait in flight until `release(reference)`."""
        with self._lock:
            gate = self._held.setdefault(reference, Gate(timeout_s=10.0))
        gate.hold()

    def release(self, reference: str) -> None:
        with self._lock:
            gate = self._held.pop(reference, None)
        if gate is not None:
            gate.release()

    def charges_for(self, reference: str) -> list[dict[str, Any]]:
        """The successful charges for `reference`."""
        with self._lock:
            return [dict(c) for c in self.charges if c["reference"] == reference]

    def in_flight(self, reference: str) -> int:
        with self._lock:
            return self._in_flight.get(reference, 0)

    # -- what the app's gateway calls ------------------------------------------------------

    @exposed
    def charge(self, *, amount_cents: Any, currency: Any, reference: Any) -> str:
        """A charge (the fake gateway's `charge`): may wait while held, fail once, or succeed
        with a new charge id."""
        if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) \
                or not isinstance(currency, str) or not isinstance(reference, str):
            raise ServiceError("charge(amount_cents: int, currency: str, reference: str)")
        with self._lock:
            if len(self.charges) >= MAX_CHARGES:
                raise ServiceError("too many charges")
            self._in_flight[reference] = self._in_flight.get(reference, 0) + 1
            gate = self._held.get(reference)
        try:
            if gate is not None:
                gate.wait()
            with self._lock:
                if reference in self.fail_next:
                    self.fail_next.discard(reference)
                    raise GatewayDeclined("declined by the fake gateway")
                charge_id = f"ch_fake_{next(self._ids)}"
                self.charges.append({"charge_id": charge_id, "amount_cents": amount_cents,
                                     "currency": currency, "reference": reference})
                return charge_id
        finally:
            with self._lock:
                self._in_flight[reference] -= 1
