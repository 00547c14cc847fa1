# WRONG: forgets the debug-in-production rule -- violates "debug ... must be False when environment is production"
"""Inventory API with pydantic-settings served through a cached, overridable dependency."""

import secrets
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, status
from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

app = FastAPI(title="Inventory")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INVENTORY_", env_file=".env", extra="ignore")

    app_name: str = "Inventory"
    environment: Literal["development", "staging", "production"] = "development"
    debug: bool = False
    admin_token: Annotated[SecretStr, Field(min_length=32)]
    default_page_size: Annotated[int, Field(ge=1)] = 20
    max_page_size: Annotated[int, Field(ge=1, le=1000)] = 100

    @model_validator(mode="after")
    def check_consistency(self) -> "Settings":
        if self.default_page_size > self.max_page_size:
            raise ValueError("default_page_size must not exceed max_page_size")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()


SettingsDep = Annotated[Settings, Depends(get_settings)]


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
def info(settings: SettingsDep) -> Info:
    return Info(app_name=settings.app_name, environment=settings.environment, debug=settings.debug)


@app.get("/items")
def list_items(
    settings: SettingsDep,
    limit: int | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ItemPage:
    if limit is None:
        limit = settings.default_page_size
    if not 1 <= limit <= settings.max_page_size:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"limit must be between 1 and {settings.max_page_size}",
        )
    return ItemPage(limit=limit, offset=offset, items=ITEMS[offset : offset + limit])


@app.get("/admin/config")
def admin_config(
    settings: SettingsDep,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> dict[str, object]:
    expected = settings.admin_token.get_secret_value().encode()
    if x_admin_token is None or not secrets.compare_digest(x_admin_token.encode(), expected):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Invalid or missing admin token")
    return settings.model_dump(mode="json")
