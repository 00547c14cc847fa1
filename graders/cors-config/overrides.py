"""Checks for the cors-config challenge (runs in the candidate's process; not secret).

Overrides nothing. At start-up it calls the app's `create_app(Settings(...))` with a few CORS
configurations and records whether each was accepted or raised, so the hidden tests can check
the start-up guard. The control router:

    GET /startup-checks   {"wildcard_with_credentials": "ValueError", "wildcard_public": "ok", ...}

Each value is "ok", "ValueError" for any ValueError (pydantic's ValidationError included, so a
validator on Settings counts), or the name of another exception raised.
"""

from __future__ import annotations

import types
from typing import Any

from fastapi import APIRouter, FastAPI

CASES: dict[str, dict[str, Any]] = {
    "wildcard_with_credentials": {"cors_origins": ["*"], "cors_allow_credentials": True},
    "wildcard_among_origins_with_credentials": {
        "cors_origins": ["https://app.example.com", "*"],
        "cors_allow_credentials": True,
    },
    "wildcard_public": {"cors_origins": ["*"], "cors_allow_credentials": False},
    "explicit_with_credentials": {
        "cors_origins": ["https://app.example.com"],
        "cors_allow_credentials": True,
    },
}


def _try(module: types.ModuleType, kwargs: dict[str, Any]) -> str:
    try:
        module.create_app(module.Settings(**kwargs))
    except ValueError:
        return "ValueError"
    except Exception as exc:  # any outcome is a result to report, never a crash
        return type(exc).__name__
    return "ok"


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    results = {name: _try(module, kwargs) for name, kwargs in CASES.items()}
    router = APIRouter()

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        return {"ok": True}

    @router.get("/startup-checks")
    async def startup_checks() -> dict[str, str]:
        return results

    return router
