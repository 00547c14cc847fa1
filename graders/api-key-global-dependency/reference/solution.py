"""Widgets API protected by an API key (reference solution).

The key check is declared once per router, not per route: every route of `api` requires a valid
key, every route of `writes` (included in `api`) also requires write access, and `public` has no
dependency at all. The app itself carries no global dependency, so /health and the docs stay open.
"""

import secrets
from itertools import count
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Security, status
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

api_key_header = APIKeyHeader(name="X-API-Key", description="Your API key")


def get_api_client(api_key: Annotated[str, Security(api_key_header)]) -> ApiClient:
    """The client owning the key; 401 for a missing (APIKeyHeader), unknown or disabled key."""
    for known, client in API_KEYS.items():
        if secrets.compare_digest(api_key.encode(), known.encode()) and client.active:
            return client
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="Invalid API key",
        headers={"WWW-Authenticate": "APIKey"},
    )


ApiClientDep = Annotated[ApiClient, Depends(get_api_client)]


def require_write_access(client: ApiClientDep) -> ApiClient:
    if client.access != "write":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This API key is read-only")
    return client


public = APIRouter()
api = APIRouter(prefix="/v1", dependencies=[Depends(get_api_client)])
writes = APIRouter(dependencies=[Depends(require_write_access)])


@public.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@api.get("/whoami")
def whoami(client: ApiClientDep) -> WhoAmI:
    return WhoAmI(client=client.name, access=client.access)


@api.get("/widgets")
def list_widgets() -> list[Widget]:
    return [WIDGETS[widget_id] for widget_id in sorted(WIDGETS)]


@api.get("/widgets/{widget_id}", responses={404: {"description": "Widget not found"}})
def get_widget(widget_id: int) -> Widget:
    widget = WIDGETS.get(widget_id)
    if widget is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Widget not found")
    return widget


@writes.post("/widgets", status_code=status.HTTP_201_CREATED)
def create_widget(payload: WidgetCreate, client: ApiClientDep) -> Widget:
    widget = Widget(id=next(_next_widget_id), created_by=client.name, **payload.model_dump())
    WIDGETS[widget.id] = widget
    return widget


api.include_router(writes)
app.include_router(public)
app.include_router(api)
