"""Orders API: request id via BaseHTTPMiddleware, which also turns unhandled errors into 500s."""

import logging
import uuid
from itertools import count
from string import ascii_letters, digits

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_BODY_BYTES = 10_000
ALLOWED_ID_CHARS = frozenset(ascii_letters + digits + "._-")

log = logging.getLogger(__name__)

app = FastAPI(title="Orders")


class BodyLimitMiddleware:
    """Refuses request bodies over MAX_BODY_BYTES before any route runs. Keep it as it is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = Headers(scope=scope).get("content-length", "0")
            if length.isdigit() and int(length) > MAX_BODY_BYTES:
                request_id = scope.get("state", {}).get("request_id")
                response = JSONResponse(
                    {"detail": "Request body too large", "request_id": request_id},
                    status_code=status.HTTP_413_CONTENT_TOO_LARGE,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


app.add_middleware(BodyLimitMiddleware)


def new_request_id() -> str:
    return str(uuid.uuid4())


def is_valid_request_id(value: str) -> bool:
    return 1 <= len(value) <= 64 and all(ch in ALLOWED_ID_CHARS for ch in value)


class RequestIdMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        incoming = request.headers.get("x-request-id")
        request_id = incoming if incoming is not None and is_valid_request_id(incoming) else new_request_id()
        request.state.request_id = request_id
        try:
            response = await call_next(request)
        except Exception:
            log.exception("unhandled error in request %s", request_id)
            response = JSONResponse(
                {"detail": "Internal Server Error", "request_id": request_id}, status_code=500
            )
        response.headers["X-Request-ID"] = request_id
        return response


app.add_middleware(RequestIdMiddleware)  # last added = outermost


def get_request_id(request: Request) -> str:
    return request.state.request_id


def error_response(request: Request, status_code: int, detail, headers=None) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "request_id": get_request_id(request)},
        status_code=status_code,
        headers=headers,
    )


@app.exception_handler(StarletteHTTPException)
async def on_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error_response(request, exc.status_code, exc.detail, exc.headers)


@app.exception_handler(RequestValidationError)
async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(request, 422, jsonable_encoder(exc.errors()))


class OrderCreate(BaseModel):
    item: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1, le=1000)


class Order(OrderCreate):
    id: int
    request_id: str  # the request that created the order, for the audit trail


ORDERS: dict[int, Order] = {}
_order_ids = count(1)


@app.post("/orders", status_code=status.HTTP_201_CREATED)
async def create_order(payload: OrderCreate, request: Request) -> Order:
    order = Order(id=next(_order_ids), request_id=get_request_id(request), **payload.model_dump())
    ORDERS[order.id] = order
    return order


@app.get("/orders/{order_id}")
async def get_order(order_id: int) -> Order:
    order = ORDERS.get(order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Order not found")
    return order


@app.get("/debug/crash")
async def crash() -> None:
    """Simulates a bug: an exception nobody handles."""
    raise RuntimeError("simulated bug")
