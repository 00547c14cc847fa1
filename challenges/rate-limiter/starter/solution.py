"""Data API. Nothing is rate limited yet.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Clock`, `get_clock`, `RateLimiter`, `get_limiter`, `API_KEYS`, `PLAN_LIMITS`,
`LOGIN_LIMIT` and `USERS`: the grader replaces `get_clock` and `get_limiter`.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Data API")

Plan = Literal["free", "pro"]


@dataclass(frozen=True)
class Limit:
    requests: int
    window_s: float


PLAN_LIMITS: dict[Plan, Limit] = {"free": Limit(5, 60.0), "pro": Limit(20, 60.0)}
LOGIN_LIMIT = Limit(3, 60.0)

API_KEYS: dict[str, Plan] = {
    "free-key-alpha": "free",
    "free-key-beta": "free",
    "pro-key-gamma": "pro",
}
# Demo credentials for the login stand-in; a real service stores password hashes.
USERS: dict[str, str] = {"alice": "wonderland"}


class Clock:
    """Seconds from a monotonic clock."""

    def now(self) -> float:
        return time.monotonic()


class RateLimiter:
    """All rate-limiting state. Add what you need, but keep `RateLimiter()` argument-free."""


_clock = Clock()
_limiter = RateLimiter()


def get_clock() -> Clock:
    return _clock


def get_limiter() -> RateLimiter:
    return _limiter


ClockDep = Annotated[Clock, Depends(get_clock)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


def require_plan(x_api_key: Annotated[str | None, Header()] = None) -> Plan:
    plan = API_KEYS.get(x_api_key or "")
    if plan is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Missing or unknown API key")
    return plan


class Credentials(BaseModel):
    username: str
    password: str


class LoginResult(BaseModel):
    token: str


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/data", dependencies=[Depends(require_plan)])
async def read_data() -> dict[str, list[int]]:
    # TODO: limit per API key, according to its plan (see the statement).
    return {"data": [1, 2, 3]}


@app.post("/auth/login")
async def login(credentials: Credentials) -> LoginResult:
    # TODO: a stricter limit per client.
    expected = USERS.get(credentials.username)
    if expected is None or not secrets.compare_digest(
        expected.encode(), credentials.password.encode()
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Incorrect username or password")
    return LoginResult(token=secrets.token_urlsafe(16))
