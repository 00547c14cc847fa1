"""Fakes for the idempotency-keys challenge (runs in the candidate's process; not secret).

Replaces the `get_gateway` dependency with a gateway the hidden tests can observe and steer through
the control router:

    POST /reset                               forget charges, release every held charge
    POST /hold          {"reference": r}      charges for reference r block until released
    POST /release       {"reference": r}      let the held charges for r finish
    POST /fail-next     {"reference": r}      the next charge for r raises the app's GatewayError
    GET  /charges?reference=r                 successful charges for r, and how many are in flight
    POST /wait-in-flight {"reference": r, "count": n, "timeout_s": t}
                                              answer once n charges for r are in flight (or after t)

Every test uses its own reference, so tests never see each other's charges.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import types
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

HOLD_LIMIT_S = 10.0  # a held charge never blocks longer than this, whatever the test does


class FakeGateway:
    """Same interface as the starter's PaymentGateway."""

    def __init__(self, error_type: type[Exception]) -> None:
        self._error_type = error_type
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self.charges: list[dict[str, Any]] = []
        self.in_flight: dict[str, int] = {}
        self.held: dict[str, asyncio.Event] = {}
        self.fail_next: set[str] = set()

    def reset(self) -> None:
        for gate in self.held.values():
            gate.set()
        self.held.clear()
        self.charges.clear()
        self.fail_next.clear()

    async def _count(self, reference: str, delta: int) -> None:
        async with self._changed:
            self.in_flight[reference] = self.in_flight.get(reference, 0) + delta
            self._changed.notify_all()

    async def charge(self, *, amount_cents: int, currency: str, reference: str) -> str:
        await self._count(reference, +1)
        try:
            await asyncio.sleep(0)  # always yield, like real I/O
            gate = self.held.get(reference)
            if gate is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(gate.wait(), HOLD_LIMIT_S)
            if reference in self.fail_next:
                self.fail_next.discard(reference)
                raise self._error_type("declined by the fake gateway")
            charge_id = f"ch_fake_{next(self._ids)}"
            self.charges.append(
                {
                    "charge_id": charge_id,
                    "amount_cents": amount_cents,
                    "currency": currency,
                    "reference": reference,
                }
            )
            return charge_id
        finally:
            await self._count(reference, -1)

    async def wait_in_flight(self, reference: str, count: int, timeout_s: float) -> bool:
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self.in_flight.get(reference, 0) >= count),
                    timeout_s,
                )
            except TimeoutError:
                return False
            return True


class Ref(BaseModel):
    reference: str


class WaitInFlight(Ref):
    count: int = Field(default=1, ge=1)
    timeout_s: float = Field(default=3.0, gt=0, le=HOLD_LIMIT_S)


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    gateway = FakeGateway(module.GatewayError)
    app.dependency_overrides[module.get_gateway] = lambda: gateway
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        gateway.reset()
        return {"ok": True}

    @router.post("/hold")
    async def hold(body: Ref) -> dict[str, bool]:
        gateway.held.setdefault(body.reference, asyncio.Event())
        return {"ok": True}

    @router.post("/release")
    async def release(body: Ref) -> dict[str, bool]:
        gate = gateway.held.pop(body.reference, None)
        if gate is not None:
            gate.set()
        return {"ok": True}

    @router.post("/fail-next")
    async def fail_next(body: Ref) -> dict[str, bool]:
        gateway.fail_next.add(body.reference)
        return {"ok": True}

    @router.get("/charges")
    async def charges(reference: str) -> dict[str, Any]:
        return {
            "charges": [c for c in gateway.charges if c["reference"] == reference],
            "in_flight": gateway.in_flight.get(reference, 0),
        }

    @router.post("/wait-in-flight")
    async def wait_in_flight(body: WaitInFlight) -> dict[str, Any]:
        reached = await gateway.wait_in_flight(body.reference, body.count, body.timeout_s)
        return {"reached": reached, "in_flight": gateway.in_flight.get(body.reference, 0)}

    return router
