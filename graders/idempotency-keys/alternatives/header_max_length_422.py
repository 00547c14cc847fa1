"""Payments API with idempotency keys (alternative: the key's length checked by Header(max_length=255), a 422).

A key goes through three states: unknown -> reserved (first request in flight) -> completed
(its response is stored). The reservation is taken atomically *before* the first await, so two
concurrent requests with the same key can never both reach the gateway.
"""

import asyncio
from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import uuid4

from fastapi import Depends, FastAPI, Header, HTTPException, Response, status
from pydantic import BaseModel, Field

app = FastAPI(title="Payments")

MAX_KEY_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"


class PaymentCreate(BaseModel):
    amount_cents: int = Field(gt=0, le=100_000_000)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    reference: str = Field(min_length=1, max_length=100)


class Payment(PaymentCreate):
    id: str
    charge_id: str


class GatewayError(Exception):
    """The processor declined or failed the charge. Nothing was charged."""


class PaymentGateway:
    """The card processor's client. Slow, and every successful call moves real money."""

    async def charge(self, *, amount_cents: int, currency: str, reference: str) -> str:
        """Charge the customer and return the processor's charge id. May raise GatewayError."""
        await asyncio.sleep(0.05)  # a real processor takes a while to answer
        return f"ch_{uuid4().hex}"


@dataclass(frozen=True)
class StoredResponse:
    """Everything needed to send the same response again: status, body *and* headers."""

    status_code: int
    body: bytes
    headers: dict[str, str]

    def to_response(self, *, replayed: bool) -> Response:
        headers = {**self.headers, REPLAYED_HEADER: "true"} if replayed else self.headers
        return Response(content=self.body, status_code=self.status_code, headers=headers)


@dataclass
class IdempotencyRecord:
    fingerprint: dict[str, Any]
    response: StoredResponse | None = None  # None while the first request is in flight


@dataclass
class Store:
    """In-memory storage for this process. Keep `Store()` argument-free."""

    payments: dict[str, Payment] = field(default_factory=dict)
    idempotency: dict[str, IdempotencyRecord] = field(default_factory=dict)

    def reserve(self, key: str, fingerprint: dict[str, Any]) -> IdempotencyRecord | None:
        """Claim `key` for a new request; return the existing record if it was already claimed.

        Check and set happen with no `await` in between, so inside one event loop nothing can
        interleave (the handler is `async def`, so it runs on the loop, not in a thread). Across
        processes this needs an atomic primitive of a shared store: Redis `SET NX`, or an
        INSERT against a unique constraint.
        """
        existing = self.idempotency.get(key)
        if existing is None:
            self.idempotency[key] = IdempotencyRecord(fingerprint=fingerprint)
        return existing

    def complete(self, key: str, response: StoredResponse) -> None:
        self.idempotency[key].response = response

    def release(self, key: str) -> None:
        """Forget a reservation whose request failed before anything was created."""
        self.idempotency.pop(key, None)


_store = Store()
_gateway = PaymentGateway()


def get_store() -> Store:
    return _store


def get_gateway() -> PaymentGateway:
    return _gateway


StoreDep = Annotated[Store, Depends(get_store)]
GatewayDep = Annotated[PaymentGateway, Depends(get_gateway)]


def require_idempotency_key(
    idempotency_key: Annotated[str | None, Header(max_length=MAX_KEY_LENGTH)] = None,
) -> str:
    # FastAPI rejects a key over MAX_KEY_LENGTH with its standard 422 validation error.
    key = (idempotency_key or "").strip()
    if not key:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=f"Idempotency-Key header is required (1 to {MAX_KEY_LENGTH} characters)",
        )
    return key


IdempotencyKey = Annotated[str, Depends(require_idempotency_key)]


def replay(record: IdempotencyRecord, fingerprint: dict[str, Any]) -> Response:
    if record.fingerprint != fingerprint:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="Idempotency-Key was already used with a different request body",
        )
    if record.response is None:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="A request with this Idempotency-Key is still being processed",
            headers={"Retry-After": "1"},
        )
    return record.response.to_response(replayed=True)


@app.get("/payments")
async def list_payments(store: StoreDep) -> list[Payment]:
    return list(store.payments.values())


@app.get("/payments/{payment_id}")
async def get_payment(payment_id: str, store: StoreDep) -> Payment:
    payment = store.payments.get(payment_id)
    if payment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Payment not found")
    return payment


@app.post(
    "/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=Payment,
    responses={
        400: {"description": "Missing Idempotency-Key"},
        409: {"description": "Same key still in flight"},
        422: {"description": "Invalid body, or key reused with another body"},
        502: {"description": "The payment gateway failed; retry with the same key"},
    },
)
async def create_payment(
    payload: PaymentCreate, key: IdempotencyKey, store: StoreDep, gateway: GatewayDep
) -> Response:
    # The validated payload, so key order and whitespace in the JSON do not matter.
    fingerprint = payload.model_dump(mode="json")
    existing = store.reserve(key, fingerprint)  # no await before this line
    if existing is not None:
        return replay(existing, fingerprint)

    try:
        charge_id = await gateway.charge(
            amount_cents=payload.amount_cents,
            currency=payload.currency,
            reference=payload.reference,
        )
    except GatewayError as exc:
        store.release(key)  # nothing was charged: a retry with the same key may try again
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail="Payment gateway error") from exc
    except Exception:
        store.release(key)
        raise

    payment = Payment(id=f"pay_{uuid4().hex[:16]}", charge_id=charge_id, **payload.model_dump())
    store.payments[payment.id] = payment
    stored = StoredResponse(
        status_code=status.HTTP_201_CREATED,
        body=payment.model_dump_json().encode(),
        headers={"Content-Type": "application/json", "Location": f"/payments/{payment.id}"},
    )
    store.complete(key, stored)
    return stored.to_response(replayed=False)
