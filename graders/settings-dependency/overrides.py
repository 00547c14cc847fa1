"""Fakes for the settings-dependency challenge (runs in the candidate's process; not secret).

Overrides `get_settings` with a thin proxy of the grader's service (service.py): on each
request it asks the grader which settings to serve, builds them once per choice from the
candidate's own code (`Settings(**values)`, `Settings()` under a given environment, or the
real `get_settings()` under a given environment) and reports to the grader what it got (the
settings, or the validation error). Settings that fail to build answer 503.
"""

from __future__ import annotations

import contextlib
import os
import threading
import types
from collections.abc import Iterator
from typing import Any

from crucible_link import grader
from fastapi import FastAPI, HTTPException
from pydantic import ValidationError


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


def _build(module: types.ModuleType, choice: dict[str, Any]) -> Any:
    if choice["mode"] == "values":
        return module.Settings(**choice["values"])
    with environment(choice["env"]):
        if choice["mode"] == "env":
            return module.Settings()
        clear = getattr(module.get_settings, "cache_clear", None)
        if choice["clear_cache"] and clear is not None:
            clear()
        return module.get_settings()


def _report(module: types.ModuleType, choice: dict[str, Any]) -> Any:
    generation = choice["generation"]
    try:
        settings = _build(module, choice)
        dump = settings.model_dump(mode="json")
        token = getattr(settings, "admin_token", None)
        secret = token.get_secret_value() if hasattr(token, "get_secret_value") else token
    except Exception as exc:
        locs = [list(e["loc"]) for e in exc.errors()] if isinstance(exc, ValidationError) else []
        grader().call("settings_rejected", generation, f"{type(exc).__name__}: {exc}"[:500], locs)
        return exc
    grader().call("settings_built", generation, dump,
                  secret if isinstance(secret, str) else repr(secret), id(settings))
    return settings


def install(app: FastAPI, module: types.ModuleType) -> None:
    built: dict[int, Any] = {}
    lock = threading.Lock()

    def grader_settings() -> Any:
        choice = grader().call("settings_choice")
        with lock:
            if choice["generation"] not in built:
                built.clear()
                built[choice["generation"]] = _report(module, choice)
            settings = built[choice["generation"]]
        if isinstance(settings, Exception):
            raise HTTPException(503, detail="the grader's settings were rejected")
        return settings

    app.dependency_overrides[module.get_settings] = grader_settings
