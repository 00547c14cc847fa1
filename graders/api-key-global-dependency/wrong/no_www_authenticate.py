# WRONG: the 401 for an unknown key has no WWW-Authenticate header ('Every 401 carries the header WWW-Authenticate: APIKey')
"""Widgets API: every /v1 route needs an API key.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `ApiClient`, `API_KEYS`, the models and `WIDGETS` as they are: the grader's tests use them.
"""

from itertools import count
from typing import Literal

import secrets
from typing import Annotated

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


api_key_header = APIKeyHeader(name="X-API-Key", description="Partner API key")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail)


def get_api_client(api_key: Annotated[str, Security(api_key_header)]) -> ApiClient:
    # APIKeyHeader already answered 401 for a missing or empty header.
    found: ApiClient | None = None
    for known_key, client in API_KEYS.items():
        if secrets.compare_digest(known_key.encode(), api_key.encode()):
            found = client
    if found is None or not found.active:
        raise _unauthorized("Invalid or disabled API key")
    return found


Client = Annotated[ApiClient, Depends(get_api_client)]


def require_write(client: Client) -> ApiClient:
    if client.access != "write":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="This API key is read-only")
    return client


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


v1 = APIRouter(prefix="/v1", dependencies=[Depends(get_api_client)])
writes = APIRouter(dependencies=[Depends(require_write)])


@v1.get("/whoami")
def whoami(client: Client) -> WhoAmI:
    return WhoAmI(client=client.name, access=client.access)


@v1.get("/widgets")
def list_widgets() -> list[Widget]:
    return [WIDGETS[widget_id] for widget_id in sorted(WIDGETS)]


@v1.get("/widgets/{widget_id}")
def get_widget(widget_id: int) -> Widget:
    widget = WIDGETS.get(widget_id)
    if widget is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Widget not found")
    return widget


@writes.post("/widgets", status_code=status.HTTP_201_CREATED)
def create_widget(payload: WidgetCreate, client: Client) -> Widget:
    widget = Widget(id=next(_next_widget_id), created_by=client.name, **payload.model_dump())
    WIDGETS[widget.id] = widget
    return widget


v1.include_router(writes)
app.include_router(v1)
