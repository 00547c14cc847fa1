"""Fakes for the settings-dependency challenge (runs in the candidate's process; not secret).

Overrides `get_settings` with a `Settings` the hidden tests choose, built from the candidate's own
class, and lets the tests probe that class and the real `get_settings`:

    POST /reset                  use Settings(admin_token=DEFAULT_TOKEN) again
    POST /use {"values": {...}}  build Settings(**values) and serve it; or report the error
    POST /from-env {"env": {}}   build Settings() with exactly these INVENTORY_* variables set
    POST /cache-check            call the real get_settings() twice: the same object?
"""

import contextlib
import os
import types
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ValidationError

DEFAULT_TOKEN = "grader-default-admin-token-7e3d91c0a4b2"


class Values(BaseModel):
    values: dict[str, Any]


class Env(BaseModel):
    env: dict[str, str]


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Exactly `values` for the INVENTORY_* (and the given) variables, restored afterwards."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.upper().startswith("INVENTORY_") or name in values:
            del os.environ[name]
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def describe(settings: Any) -> dict[str, Any]:
    dump = settings.model_dump(mode="json")
    token = getattr(settings, "admin_token", None)
    secret = token.get_secret_value() if hasattr(token, "get_secret_value") else token
    return {"ok": True, "settings": dump, "admin_token_value": secret}


def failure(exc: Exception) -> dict[str, Any]:
    locs = [list(e["loc"]) for e in exc.errors()] if isinstance(exc, ValidationError) else []
    return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500], "locs": locs}


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    current: dict[str, Any] = {}

    def use_default() -> None:
        current["settings"] = module.Settings(admin_token=DEFAULT_TOKEN)

    use_default()
    app.dependency_overrides[module.get_settings] = lambda: current["settings"]
    router = APIRouter()

    @router.post("/reset")
    def reset() -> dict[str, bool]:
        use_default()
        return {"ok": True}

    @router.post("/use")
    def use(body: Values) -> dict[str, Any]:
        try:
            settings = module.Settings(**body.values)
        except Exception as exc:
            return failure(exc)
        current["settings"] = settings
        return describe(settings)

    @router.post("/from-env")
    def from_env(body: Env) -> dict[str, Any]:
        with environment(body.env):
            try:
                return describe(module.Settings())
            except Exception as exc:
                return failure(exc)

    @router.post("/cache-check")
    def cache_check() -> dict[str, Any]:
        with environment({"INVENTORY_ADMIN_TOKEN": DEFAULT_TOKEN}):
            clear = getattr(module.get_settings, "cache_clear", None)
            if clear is not None:
                clear()
            try:
                first, second = module.get_settings(), module.get_settings()
            except Exception as exc:
                return failure(exc)
            finally:
                if clear is not None:
                    clear()
        return {"ok": True, "same": first is second}

    return router
