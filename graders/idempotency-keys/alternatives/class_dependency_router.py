"""Payments API. POST /payments works, but a retried request charges the customer twice.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `PaymentCreate`, `Payment`, `GatewayError`, `PaymentGateway`, `Store`,
`get_store` and `get_gateway`: the grader replaces `get_gateway` with a fake gateway.
"""

import asyncio
from typing import Annotated
from uuid import uuid4

from fastapi import Depends, FastAPI, HTTPException, Response, status
from pydantic import BaseModel, Field

app = FastAPI(title="Payments")


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


# Style: APIRouter, a class-based dependency that validates the key (runs before the body is
# validated), a custom exception class + exception handler, separate "in flight" / "completed"
# maps, a plain tuple for stored responses and a JSON-canonical fingerprint string.
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


class Store:
    def __init__(self) -> None:
        self.payments: dict[str, Payment] = {}
        self.in_flight: dict[str, str] = {}  # key -> fingerprint
        self.completed: dict[str, tuple[str, int, bytes, list[tuple[str, str]]]] = {}


_store = Store()
_gateway = PaymentGateway()


def get_store() -> Store:
    return _store


def get_gateway() -> PaymentGateway:
    return _gateway


StoreDep = Annotated[Store, Depends(get_store)]
GatewayDep = Annotated[PaymentGateway, Depends(get_gateway)]


class ApiError(Exception):
    def __init__(self, status_code: int, detail: str) -> None:
        self.status_code = status_code
        self.detail = detail


@app.exception_handler(ApiError)
async def api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


class IdempotencyKeyHeader:
    def __init__(self, max_length: int = 255) -> None:
        self.max_length = max_length

    def __call__(self, request: Request) -> str:
        key = request.headers.get("idempotency-key", "")
        if not key or len(key) > self.max_length:
            raise ApiError(400, "Idempotency-Key must be 1 to 255 characters")
        return key


KeyDep = Annotated[str, Depends(IdempotencyKeyHeader())]

router = APIRouter(prefix="/payments")


@router.get("")
async def list_payments(store: StoreDep) -> list[Payment]:
    return list(store.payments.values())


@router.get("/{payment_id}")
async def get_payment(payment_id: str, store: StoreDep) -> Payment:
    payment = store.payments.get(payment_id)
    if payment is None:
        raise ApiError(404, "Payment not found")
    return payment


def fingerprint_of(payload: PaymentCreate) -> str:
    return json.dumps(payload.model_dump(mode="json"), sort_keys=True)


@router.post("", status_code=201)
async def create_payment(key: KeyDep, payload: PaymentCreate, store: StoreDep, gateway: GatewayDep):
    fp = fingerprint_of(payload)
    if key in store.completed:
        stored_fp, code, body, headers = store.completed[key]
        if stored_fp != fp:
            raise ApiError(422, "This Idempotency-Key was used with a different request body")
        return Response(content=body, status_code=code,
                        headers=dict(headers) | {"Idempotent-Replayed": "true"})
    if key in store.in_flight:
        if store.in_flight[key] != fp:
            raise ApiError(422, "This Idempotency-Key was used with a different request body")
        raise ApiError(409, "A request with this Idempotency-Key is still being processed")
    store.in_flight[key] = fp
    try:
        try:
            charge_id = await gateway.charge(
                amount_cents=payload.amount_cents,
                currency=payload.currency,
                reference=payload.reference,
            )
        except GatewayError:
            raise ApiError(502, "Payment gateway error")
        payment = Payment(id=f"pay_{uuid4().hex[:16]}", charge_id=charge_id, **payload.model_dump())
        store.payments[payment.id] = payment
        body = json.dumps(payment.model_dump(mode="json"), separators=(",", ":")).encode()
        headers = [("Location", f"/payments/{payment.id}"), ("Content-Type", "application/json")]
        store.completed[key] = (fp, 201, body, headers)
        return Response(content=body, status_code=201, headers=dict(headers))
    finally:
        store.in_flight.pop(key, None)


app.include_router(router)
