# WRONG: request-id middleware added BEFORE BodyLimitMiddleware (so it is inner); the 413 body then has request_id null. Violates "for its 413 to carry the id, your middleware must run before it."
"""Orders API with a pure ASGI request-id middleware and app exception handlers."""

import logging
import re
import uuid
from itertools import count

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 10_000
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

logger = logging.getLogger("orders")

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




def new_request_id() -> str:
    return str(uuid.uuid4())


def choose_request_id(incoming: str | None) -> str:
    if incoming is not None and _VALID_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


class RequestIdMiddleware:
    """Pure ASGI: picks the id, stores it in scope["state"], adds the response header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = choose_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if REQUEST_ID_HEADER.lower() in headers:
                    del headers[REQUEST_ID_HEADER]
                headers.append(REQUEST_ID_HEADER, request_id)
            await send(message)

        await self.app(scope, receive, send_with_id)


# Added last: outermost, runs before BodyLimitMiddleware.
app.add_middleware(RequestIdMiddleware)
app.add_middleware(BodyLimitMiddleware)


def get_request_id(request: Request) -> str:
    return request.state.request_id


@app.exception_handler(StarletteHTTPException)
async def http_exception_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse(
        {"detail": exc.detail, "request_id": get_request_id(request)},
        status_code=exc.status_code,
        headers=exc.headers,
    )


@app.exception_handler(RequestValidationError)
async def validation_exception_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(
        {"detail": jsonable_encoder(exc.errors()), "request_id": get_request_id(request)},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


@app.exception_handler(Exception)
async def unhandled_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    # Runs in ServerErrorMiddleware, outside RequestIdMiddleware: set the header here.
    request_id = getattr(request.state, "request_id", None) or new_request_id()
    logger.error("unhandled error (request_id=%s)", request_id, exc_info=exc)
    return JSONResponse(
        {"detail": "Internal Server Error", "request_id": request_id},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        headers={REQUEST_ID_HEADER: request_id},
    )


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
