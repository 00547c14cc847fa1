"""Inventory API: settings validated by field validators, routes on an APIRouter,
page parameters and admin guard as dependencies (default-value style)."""

import functools
import secrets
from enum import Enum

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, status
from pydantic import BaseModel, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(str, Enum):
    development = "development"
    staging = "staging"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INVENTORY_", extra="ignore")

    app_name: str = "Inventory"
    environment: Environment = Environment.development
    debug: bool = Field(default=False, validate_default=True)
    admin_token: SecretStr
    default_page_size: int = Field(default=20, ge=1)
    max_page_size: int = Field(default=100, ge=1, le=1000, validate_default=True)

    @field_validator("admin_token")
    @classmethod
    def long_enough(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < 32:
            raise ValueError("admin_token must have at least 32 characters")
        return value

    @field_validator("debug")
    @classmethod
    def no_debug_in_production(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("environment") == Environment.production:
            raise ValueError("debug must be False in production")
        return value

    @field_validator("max_page_size")
    @classmethod
    def default_fits(cls, value: int, info: ValidationInfo) -> int:
        default = info.data.get("default_page_size")
        if default is not None and default > value:
            raise ValueError("default_page_size must not be above max_page_size")
        return value


@functools.cache
def get_settings() -> Settings:
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


class Page:
    """limit/offset whose upper bound comes from the settings of the request."""

    def __init__(
        self,
        limit: int | None = Query(default=None),
        offset: int = Query(default=0, ge=0),
        settings: Settings = Depends(get_settings),
    ) -> None:
        self.limit = settings.default_page_size if limit is None else limit
        if self.limit < 1 or self.limit > settings.max_page_size:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=f"limit must be from 1 to {settings.max_page_size}",
            )
        self.offset = offset


def require_admin(
    x_admin_token: str = Header(default=""),
    settings: Settings = Depends(get_settings),
) -> Settings:
    token = settings.admin_token.get_secret_value()
    if not secrets.compare_digest(x_admin_token.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="admin token required")
    return settings


router = APIRouter()


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/info", response_model=Info)
async def info(settings: Settings = Depends(get_settings)) -> dict[str, object]:
    return {
        "app_name": settings.app_name,
        "environment": settings.environment.value,
        "debug": settings.debug,
    }


@router.get("/items", response_model=ItemPage)
async def list_items(page: Page = Depends()) -> dict[str, object]:
    return {
        "limit": page.limit,
        "offset": page.offset,
        "items": ITEMS[page.offset : page.offset + page.limit],
    }


@router.get("/admin/config")
async def admin_config(settings: Settings = Depends(require_admin)) -> dict[str, object]:
    return settings.model_dump(mode="json")


app = FastAPI(title="Inventory")
app.include_router(router)
