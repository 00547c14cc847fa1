"""Orders API with a request id on every response, errors included (reference solution).

RequestIdMiddleware is pure ASGI: it picks the id before anything else runs, stores it in
`request.state` (the scope's "state") and adds the header to whatever response goes out, even
one that an inner middleware builds. Only a crash escapes it: Starlette answers that 500 in
ServerErrorMiddleware, outside every user middleware, so that handler sets the header itself.
"""

import re
import uuid
from itertools import count
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
MAX_BODY_BYTES = 10_000

app = FastAPI(title="Orders")


class BodyLimitMiddleware:
    """Refuses request bodies over MAX_BODY_BYTES before any route runs (kept from the starter)."""

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


class RequestIdMiddleware:
    """Accepts a well-formed incoming X-Request-ID or generates one, and echoes it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(REQUEST_ID_HEADER)
        if incoming is not None and VALID_REQUEST_ID.fullmatch(incoming):
            request_id = incoming
        else:
            request_id = new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_request_id)


# The last middleware added is the outermost: the request id must wrap the body limit.
app.add_middleware(BodyLimitMiddleware)
app.add_middleware(RequestIdMiddleware)


def get_request_id(request: Request) -> str:
    return request.state.request_id


RequestId = Annotated[str, Depends(get_request_id)]


def error_response(
    request: Request, status_code: int, detail: object, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"detail": jsonable_encoder(detail), "request_id": get_request_id(request)},
        status_code=status_code,
        headers=headers,
    )


# Starlette's HTTPException: also catches the router's own 404 and 405, not only ours.
@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error_response(request, exc.status_code, exc.detail, exc.headers)


@app.exception_handler(RequestValidationError)
async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(request, status.HTTP_422_UNPROCESSABLE_CONTENT, exc.errors())


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    """Runs in ServerErrorMiddleware, outside RequestIdMiddleware: set the header here."""
    request_id = get_request_id(request)
    return error_response(
        request,
        status.HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal Server Error",
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
async def create_order(payload: OrderCreate, request_id: RequestId) -> Order:
    order = Order(id=next(_order_ids), request_id=request_id, **payload.model_dump())
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
