"""Widgets API: every /v1 route needs an API key.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `ApiClient`, `API_KEYS`, the models and `WIDGETS` as they are: the grader's tests use them.
"""

from itertools import count
from typing import Literal

from fastapi import FastAPI, HTTPException, status
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


# TODO: check the X-API-Key header (see the statement), once per router rather than per route.


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/widgets")
def list_widgets() -> list[Widget]:
    return [WIDGETS[widget_id] for widget_id in sorted(WIDGETS)]


@app.get("/v1/widgets/{widget_id}")
def get_widget(widget_id: int) -> Widget:
    widget = WIDGETS.get(widget_id)
    if widget is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Widget not found")
    return widget


@app.post("/v1/widgets", status_code=status.HTTP_201_CREATED)
def create_widget(payload: WidgetCreate) -> Widget:
    # TODO: write keys only; created_by is the name of the key's client.
    widget = Widget(id=next(_next_widget_id), created_by="anonymous", **payload.model_dump())
    WIDGETS[widget.id] = widget
    return widget


# TODO: GET /v1/whoami
