"""Fakes for the multi-tenant-resolution challenge (runs in the candidate's process; not secret).

Replaces `get_registry` with a registry that knows the tenants the tests register, and passes any
other slug on to the app's own `TenantRegistry().get(slug)`. It records every lookup. Control:

    POST /reset                                        forget the registered tenants and lookups
    POST /tenants {"slug", "name", "plan", "active"}   register a tenant
    GET  /lookups                                      the slugs looked up so far

Every test registers its own tenants (random slugs), so tests never see each other's data.
"""

import types
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel


class FakeRegistry:
    def __init__(self, module: types.ModuleType) -> None:
        self.module = module
        self.tenants: dict[str, Any] = {}
        self.lookups: list[str] = []

    async def get(self, slug: str) -> Any:
        self.lookups.append(slug)
        if slug in self.tenants:
            return self.tenants[slug]
        return await self.module.TenantRegistry().get(slug)


class TenantIn(BaseModel):
    slug: str
    name: str
    plan: str = "pro"
    active: bool = True


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    registry = FakeRegistry(module)
    app.dependency_overrides[module.get_registry] = lambda: registry
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        registry.tenants.clear()
        registry.lookups.clear()
        return {"ok": True}

    @router.post("/tenants")
    async def add_tenant(body: TenantIn) -> dict[str, bool]:
        registry.tenants[body.slug] = module.Tenant(**body.model_dump())
        return {"ok": True}

    @router.get("/lookups")
    async def lookups() -> dict[str, list[str]]:
        return {"lookups": registry.lookups}

    return router
