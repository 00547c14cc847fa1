"""Widgets API: every /v1 route needs an API key.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `ApiClient`, `API_KEYS`, the models and `WIDGETS` as they are: the grader's tests use them.
"""

from itertools import count
from typing import Literal

import hmac

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Security, status
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

app = FastAPI(title="Widgets")


class ApiClient(BaseModel):
    name: str
    access: Literal["read", "write"]
    active: bool


# API key -> the client it belongs to.
API_KEYS: dict[str, ApiClient] = {
    "key_acme_4f9d2c71": ApiClient(name="acme", access="write", active=True),
    "key_globex_8a1b7e05": ApiClient(name="globex", access="read", active=True),
    "key_initech_33c0d9aa": ApiClient(name="initech", access="write", active=False),
}


class WidgetCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    price_cents: int = Field(ge=0)


class Widget(WidgetCreate):
    id: int
    created_by: str


class WhoAmI(BaseModel):
    client: str
    access: Literal["read", "write"]


WIDGETS: dict[int, Widget] = {
    1: Widget(id=1, name="Sprocket", price_cents=250, created_by="acme"),
    2: Widget(id=2, name="Flange", price_cents=1200, created_by="acme"),
}
_next_widget_id = count(3)


class ApiKeyError(Exception):
    def __init__(self, status_code: int, detail: str) -> None:
        self.status_code, self.detail = status_code, detail


@app.exception_handler(ApiKeyError)
async def api_key_error(request: Request, exc: ApiKeyError) -> JSONResponse:
    headers = {"WWW-Authenticate": "APIKey"} if exc.status_code == 401 else None
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


class ApiKeyAuth:
    """Callable-instance dependency: resolves X-API-Key to its ApiClient."""

    def __init__(self, keys: dict[str, ApiClient]) -> None:
        self.keys = keys

    def __call__(
        self, api_key: str | None = Security(APIKeyHeader(name="X-API-Key", auto_error=False))
    ) -> ApiClient:
        if not api_key:
            raise ApiKeyError(401, "Missing X-API-Key header")
        client = next((c for k, c in self.keys.items() if hmac.compare_digest(k.encode(), api_key.encode())), None)
        if client is None or not client.active:
            raise ApiKeyError(401, "Unknown or disabled API key")
        return client


get_api_client = ApiKeyAuth(API_KEYS)


class AccessLevel:
    def __init__(self, needed: str) -> None:
        self.needed = needed

    def __call__(self, client: ApiClient = Depends(get_api_client)) -> None:
        if client.access != self.needed:
            raise ApiKeyError(403, f"{self.needed} access required")


read_router = APIRouter(tags=["read"])
write_router = APIRouter(tags=["write"])


@app.get("/health")
async def health():
    return {"status": "ok"}


@read_router.get("/whoami", response_model=WhoAmI)
async def whoami(client: ApiClient = Depends(get_api_client)):
    return {"client": client.name, "access": client.access}


@read_router.get("/widgets", response_model=list[Widget])
async def list_widgets():
    return sorted(WIDGETS.values(), key=lambda w: w.id)


@read_router.get("/widgets/{widget_id}", response_model=Widget)
async def get_widget(widget_id: int):
    if widget_id not in WIDGETS:
        raise HTTPException(404, detail="Widget not found")
    return WIDGETS[widget_id]


@write_router.post("/widgets", status_code=201, response_model=Widget)
async def create_widget(payload: WidgetCreate, client: ApiClient = Depends(get_api_client)):
    widget = Widget(id=next(_next_widget_id), created_by=client.name, **payload.model_dump())
    WIDGETS[widget.id] = widget
    return widget


# The protection is declared where the routers are mounted: everything under /v1 needs a key,
# everything on write_router needs write access as well.
app.include_router(read_router, prefix="/v1", dependencies=[Depends(get_api_client)])
app.include_router(write_router, prefix="/v1", dependencies=[Depends(get_api_client), Depends(AccessLevel("write"))])
