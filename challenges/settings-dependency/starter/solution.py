"""Inventory API: its configuration still lives in a global built at import time.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Settings`, `get_settings`, `Item`, `ItemPage`, `Info` and `ITEMS`: the grader
overrides `get_settings` and builds `Settings` itself.
"""

from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, status
from pydantic import BaseModel
from pydantic_settings import BaseSettings

app = FastAPI(title="Inventory")


class Settings(BaseSettings):
    # TODO: INVENTORY_ prefix, types, constraints and the checks described in the statement.
    app_name: str = "Inventory"
    environment: str = "development"
    debug: bool = False
    admin_token: str = "change-me"
    default_page_size: int = 20
    max_page_size: int = 100


settings = Settings()  # TODO: do not build the settings at import time


def get_settings() -> Settings:
    # TODO: build once (cache) and use it as a dependency everywhere.
    return Settings()


class Item(BaseModel):
    id: int
    name: str


class ItemPage(BaseModel):
    limit: int
    offset: int
    items: list[Item]


class Info(BaseModel):
    app_name: str
    environment: str
    debug: bool


ITEMS: list[Item] = [Item(id=i, name=f"item-{i:03d}") for i in range(1, 251)]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/info")
def info() -> Info:
    return Info(app_name=settings.app_name, environment=settings.environment, debug=settings.debug)


@app.get("/items")
def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ItemPage:
    return ItemPage(limit=limit, offset=offset, items=ITEMS[offset : offset + limit])


@app.get("/admin/config")
def admin_config() -> dict[str, object]:
    # TODO: every setting, for callers with the admin token (see the statement).
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")
