"""Checks for the cors-config challenge (runs in the candidate's process; not secret).

Overrides no dependency. At start-up it asks the grader's service (service.py) for a few CORS
configurations, calls the app's `create_app(Settings(...))` with each, and reports to the
service whether each was accepted ("ok"), raised a ValueError ("ValueError", pydantic's
ValidationError included, so a validator on Settings counts) or raised something else (its
type name). Nothing is kept here for the tests to read back.

It also puts a dispatcher in front of the module's `app`: each request asks the service which
app the test is talking to, and goes to the module's `app` or to the app `create_app` returned
for that configuration (a 503 when it raised), so the tests can check that the returned apps
follow their settings.
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


def _try(module: types.ModuleType, settings: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", module.create_app(module.Settings(**settings))
    except ValueError:
        return "ValueError", None
    except Exception as exc:  # any outcome is a result to report, never a crash
        return type(exc).__name__, None


def install(app: FastAPI, module: types.ModuleType) -> None:
    built: dict[str, Any] = {}
    for config in grader().call("startup_configs"):
        outcome, returned = _try(module, config["settings"])
        if returned is not None:
            built[config["name"]] = returned
        grader().call("startup_outcome", config["name"], outcome)

    class Dispatch:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.inner(scope, receive, send)
                return
            name = await grader().acall("serving")
            if name is None:
                await self.inner(scope, receive, send)
            elif name in built:
                await built[name](scope, receive, send)
            else:
                await send({"type": "http.response.start", "status": 503,
                            "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body",
                            "body": b"create_app refused these settings"})

    app.add_middleware(Dispatch)
