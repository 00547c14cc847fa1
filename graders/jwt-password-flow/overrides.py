"""Fakes for the jwt-password-flow challenge (runs in the candidate's process; not secret).

Replaces two dependencies of the candidate's app:
- `get_settings` -> the app's own `Settings` class, built with a known secret and a 10-minute token
  lifetime (the starter's default is 15, so a hard-coded lifetime shows);
- `get_now` -> a fake clock that the hidden tests steer through the control router:

    POST /reset                     the clock jumps to the real current time (whole seconds)
    POST /advance {"seconds": s}    the clock moves s seconds forward
    GET  /now                       {"timestamp": <int>}
"""

import types
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

JWT_SECRET = "crucible-grader-secret-5c1f0e2a9b7d4e63a8f1"
ACCESS_TOKEN_MINUTES = 10


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.reset()

    def reset(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Advance(BaseModel):
    seconds: float


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    clock = FakeClock()
    settings = module.Settings(jwt_secret=JWT_SECRET, access_token_minutes=ACCESS_TOKEN_MINUTES)
    app.dependency_overrides[module.get_settings] = lambda: settings
    app.dependency_overrides[module.get_now] = lambda: clock.now
    router = APIRouter()

    @router.post("/reset")
    def reset() -> dict[str, bool]:
        clock.reset()
        return {"ok": True}

    @router.post("/advance")
    def advance(body: Advance) -> dict[str, int]:
        clock.advance(body.seconds)
        return {"timestamp": int(clock.now.timestamp())}

    @router.get("/now")
    def now() -> dict[str, int]:
        return {"timestamp": int(clock.now.timestamp())}

    return router
