"""Inventory API configured with pydantic-settings (reference solution).

`Settings` is validated once, lazily, by the cached `get_settings`; nothing reads the environment
at import time, so the app starts without any configuration and tests swap the settings through
`app.dependency_overrides[get_settings]`.
"""

import secrets
from functools import lru_cache
from typing import Annotated, Literal, Self

from fastapi import Depends, FastAPI, Header, HTTPException, Query, status
from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

app = FastAPI(title="Inventory")


class Settings(BaseSettings):
    """Read from INVENTORY_* environment variables (or a .env file)."""

    model_config = SettingsConfigDict(env_prefix="INVENTORY_", env_file=".env", extra="ignore")

    app_name: str = "Inventory"
    environment: Literal["development", "staging", "production"] = "development"
    debug: bool = False
    admin_token: SecretStr = Field(min_length=32)
    default_page_size: int = Field(default=20, ge=1)
    max_page_size: int = Field(default=100, ge=1, le=1000)

    @model_validator(mode="after")
    def check_consistency(self) -> Self:
        if self.default_page_size > self.max_page_size:
            raise ValueError("default_page_size must not exceed max_page_size")
        if self.environment == "production" and self.debug:
            raise ValueError("debug must be off in production")
        return self


@lru_cache
def get_settings() -> Settings:
    """Built on first use, then cached: one validation, one read of the environment."""
    return Settings()  # type: ignore[call-arg]  # admin_token comes from the environment


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
    limit: Annotated[int | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ItemPage:
    # The bound depends on the settings of this request, so it cannot live in Query(le=...).
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
    settings: SettingsDep, x_admin_token: Annotated[str | None, Header()] = None
) -> dict[str, object]:
    expected = settings.admin_token.get_secret_value().encode()
    if x_admin_token is None or not secrets.compare_digest(x_admin_token.encode(), expected):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Admin token required")
    return settings.model_dump(mode="json")  # SecretStr dumps as "**********"
