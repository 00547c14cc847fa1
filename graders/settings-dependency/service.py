"""The grader's side of settings-dependency (runs in the grader's process, see crucible_link.py).

The tests choose here which settings the app gets: `Settings(**values)` built from the
candidate's own class, `Settings()` built from a chosen environment, or what the candidate's
real `get_settings()` returns under a chosen environment. The app's `get_settings` fake asks
for that choice on every request, builds it in the app's process (the class is the
candidate's) and serves it; what happened when it built it (the settings it got, or the
validation error) is recorded here, once per choice, where the app cannot reset or rewrite it.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import ServiceError, exposed

DEFAULT_TOKEN = "grader-default-admin-token-7e3d91c0a4b2"
MODES = ("values", "env", "real")


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.generation = 0
        self.choice: dict[str, Any] = {}
        self.outcomes: dict[int, dict[str, Any]] = {}
        self.reset()

    def reset(self) -> None:
        """Before each test: Settings(admin_token=DEFAULT_TOKEN), nothing recorded."""
        with self._lock:
            self.outcomes = {}
        self.use(admin_token=DEFAULT_TOKEN)

    # -- what the tests use ---------------------------------------------------------------

    def _choose(self, mode: str, values: dict[str, Any], env: dict[str, str],
                clear_cache: bool) -> int:
        with self._lock:
            self.generation += 1
            self.choice = {"generation": self.generation, "mode": mode, "values": values,
                           "env": env, "clear_cache": clear_cache}
            return self.generation

    def use(self, **values: Any) -> int:
        """From the next request on, the app gets Settings(**values)."""
        return self._choose("values", values, {}, False)

    def use_env(self, env: dict[str, str]) -> int:
        """From the next request on, Settings() built with exactly these INVENTORY_* variables."""
        return self._choose("env", {}, dict(env), False)

    def use_real(self, env: dict[str, str], clear_cache: bool) -> int:
        """From the next request on, the app's own get_settings() under this environment
        (its cache emptied first when `clear_cache` and it has `cache_clear`)."""
        return self._choose("real", {}, dict(env), clear_cache)

    def outcome(self, generation: int) -> dict[str, Any] | None:
        with self._lock:
            return self.outcomes.get(generation)

    # -- what the app's fake calls ----------------------------------------------------------

    @exposed
    def settings_choice(self) -> dict[str, Any]:
        with self._lock:
            return dict(self.choice)

    def _record(self, generation: Any, outcome: dict[str, Any]) -> None:
        if not isinstance(generation, int) or isinstance(generation, bool):
            raise ServiceError("generation must be an integer")
        with self._lock:
            if generation != self.choice.get("generation"):
                raise ServiceError("not the current choice")
            self.outcomes.setdefault(generation, outcome)  # the first report stands

    @exposed
    def settings_built(self, generation: int, settings: Any, admin_token: Any,
                       object_id: Any) -> None:
        if not isinstance(settings, dict) or not isinstance(object_id, int):
            raise ServiceError("settings is an object and object_id an integer")
        self._record(generation, {"ok": True, "settings": settings,
                                  "admin_token_value": admin_token, "object_id": object_id})

    @exposed
    def settings_rejected(self, generation: int, error: Any, locs: Any) -> None:
        if not isinstance(error, str) or not isinstance(locs, list):
            raise ServiceError("error is a string and locs a list")
        self._record(generation, {"ok": False, "error": error[:500],
                                  "locs": [list(loc) for loc in locs if isinstance(loc, list)]})
