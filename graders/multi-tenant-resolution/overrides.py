"""Fakes for the multi-tenant-resolution challenge (runs in the candidate's process; not secret).

Replaces `get_registry` with a registry whose lookups go to the grader's process (service.py),
which knows the tenants the tests register and records every lookup; any other slug is passed
on to the app's own `TenantRegistry().get(slug)`. Every test registers its own tenants (random
slugs), so tests never see each other's data.
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


class GraderRegistry:
    def __init__(self, module: types.ModuleType) -> None:
        self.module = module

    async def get(self, slug: str) -> Any:
        found = await grader().acall("lookup", slug)
        if found is not None:
            return self.module.Tenant(**found)
        return await self.module.TenantRegistry().get(slug)


def install(app: FastAPI, module: types.ModuleType) -> None:
    registry = GraderRegistry(module)
    app.dependency_overrides[module.get_registry] = lambda: registry
