"""Fakes for the jwt-password-flow challenge (runs in the candidate's process; not secret).

Thin proxies of the grader's service (service.py) for two dependencies of the candidate's app:
- `get_settings` -> the app's own `Settings` class, built with the secret and token lifetime
  the grader chose (by default a known secret and 10 minutes; the starter's default is 15, so a
  hard-coded lifetime shows), asked for on every request;
- `get_now` -> the grader's clock, which moves only when a test moves it.
"""

from __future__ import annotations

import threading
import types
from datetime import UTC, datetime
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


def install(app: FastAPI, module: types.ModuleType) -> None:
    built: dict[tuple[str, int], Any] = {}
    lock = threading.Lock()

    def grader_settings() -> Any:
        values = grader().call("settings")
        key = (values["jwt_secret"], values["access_token_minutes"])
        with lock:
            if key not in built:
                built[key] = module.Settings(**values)
            return built[key]

    def grader_now() -> datetime:
        return datetime.fromtimestamp(grader().call("now"), UTC)

    app.dependency_overrides[module.get_settings] = grader_settings
    app.dependency_overrides[module.get_now] = grader_now
