# WRONG: fingerprint is the raw request bytes, so the same fields in another key order count as a different body (422); violates "key order and whitespace in the JSON do not matter"
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


from dataclasses import dataclass, field

from fastapi import Header, Request
from fastapi.responses import JSONResponse


@dataclass
class IdemRecord:
    fingerprint: dict
    done: bool = False
    status_code: int = 0
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class Store:
    """In-memory storage for this process."""

    def __init__(self) -> None:
        self.payments: dict[str, Payment] = {}
        self.keys: dict[str, IdemRecord] = {}


_store = Store()
_gateway = PaymentGateway()


def get_store() -> Store:
    return _store


def get_gateway() -> PaymentGateway:
    return _gateway


StoreDep = Annotated[Store, Depends(get_store)]
GatewayDep = Annotated[PaymentGateway, Depends(get_gateway)]


@app.get("/payments")
async def list_payments(store: StoreDep) -> list[Payment]:
    return list(store.payments.values())


@app.get("/payments/{payment_id}")
async def get_payment(payment_id: str, store: StoreDep) -> Payment:
    payment = store.payments.get(payment_id)
    if payment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Payment not found")
    return payment


@app.post("/payments", status_code=status.HTTP_201_CREATED)
async def create_payment(
    payload: PaymentCreate,
    store: StoreDep,
    gateway: GatewayDep,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
):
    if not idempotency_key or len(idempotency_key) > 255:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="A valid Idempotency-Key header is required")
    fingerprint = {"raw": (await request.body()).decode()}
    # No await between the lookup and the reservation: atomic on the single event loop.
    record = store.keys.get(idempotency_key)
    if record is not None:
        if record.fingerprint != fingerprint:
            raise HTTPException(422, detail="Idempotency-Key reused with a different body")
        if not record.done:
            raise HTTPException(status.HTTP_409_CONFLICT, detail="A request with this key is in flight")
        return Response(
            content=record.body,
            status_code=record.status_code,
            headers={**record.headers, "Idempotent-Replayed": "true"},
        )
    record = IdemRecord(fingerprint=fingerprint)
    store.keys[idempotency_key] = record
    try:
        charge_id = await gateway.charge(
            amount_cents=payload.amount_cents, currency=payload.currency, reference=payload.reference
        )
    except GatewayError:
        del store.keys[idempotency_key]
        return JSONResponse({"detail": "Payment gateway error"}, status_code=502)
    except BaseException:
        store.keys.pop(idempotency_key, None)
        raise
    payment = Payment(id=f"pay_{uuid4().hex[:16]}", charge_id=charge_id, **payload.model_dump())
    store.payments[payment.id] = payment
    response = JSONResponse(
        payment.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/payments/{payment.id}"},
    )
    record.status_code = 201
    record.body = bytes(response.body)
    record.headers = {"Location": response.headers["location"], "Content-Type": response.headers["content-type"]}
    record.done = True
    return response
