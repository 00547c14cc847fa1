"""The grader's side of multi-tenant-resolution (runs in the grader's process, see
crucible_link.py): the tenants the tests register and the record of every lookup the app's
registry makes. The app's registry (overrides.py) is a thin proxy: a slug the grader registered
is only known here, so the lookup is recorded where the tenant's data lives, out of the app's
reach; any other slug is passed on to the app's own `TenantRegistry`.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import ServiceError, exposed

MAX_LOOKUPS = 100_000


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.tenants: dict[str, dict[str, Any]] = {}
        self.lookups: list[str] = []

    def reset(self) -> None:
        """Before each test: no registered tenant, no lookup."""
        with self._lock:
            self.tenants.clear()
            self.lookups.clear()

    # -- what the tests use -------------------------------------------------------------------

    def register(self, slug: str, name: str, plan: str = "pro", active: bool = True) -> None:
        with self._lock:
            self.tenants[slug] = {"slug": slug, "name": name, "plan": plan, "active": active}

    def looked_up(self) -> list[str]:
        with self._lock:
            return list(self.lookups)

    # -- what the app's registry does ---------------------------------------------------------

    @exposed
    def lookup(self, slug: str) -> dict[str, Any] | None:
        """The registered tenant, or None (the app's own registry is asked then)."""
        if not isinstance(slug, str) or len(slug) > 10_000:
            raise ServiceError("a slug is a string")
        with self._lock:
            if len(self.lookups) < MAX_LOOKUPS:
                self.lookups.append(slug)
            found = self.tenants.get(slug)
            return dict(found) if found is not None else None
