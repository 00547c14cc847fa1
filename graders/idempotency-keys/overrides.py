"""Fakes for the idempotency-keys challenge (runs in the candidate's process; not secret).

Replaces `get_gateway` with a client of the grader's fake gateway (service.py, in the grader's
process): each charge is made, and recorded, there, and its charge id comes from there. A
declined charge raises the app's own `GatewayError`.
"""

from __future__ import annotations

import types

from crucible_link import RemoteError, grader
from fastapi import FastAPI


class GraderGateway:
    """Same interface as the starter's PaymentGateway."""

    def __init__(self, error_type: type[Exception]) -> None:
        self._error_type = error_type

    async def charge(self, *, amount_cents: int, currency: str, reference: str) -> str:
        try:
            return await grader().acall("charge", amount_cents=amount_cents, currency=currency,
                                        reference=reference)
        except RemoteError as exc:
            if exc.kind == "GatewayDeclined":
                raise self._error_type(str(exc)) from None
            raise


def install(app: FastAPI, module: types.ModuleType) -> None:
    gateway = GraderGateway(module.GatewayError)
    app.dependency_overrides[module.get_gateway] = lambda: gateway
