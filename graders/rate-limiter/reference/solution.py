"""Data API with per-plan rate limits (reference solution).

A sliding-window log per key: a request is accepted when fewer than `limit` accepted requests
happened in the last `window` seconds. Rejected requests are not recorded. Time comes from
`get_clock` and all state lives in the `RateLimiter` from `get_limiter`, so both can be replaced.
"""

import math
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response, status
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


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_s: int  # whole seconds (rounded up) until the oldest counted request leaves the window

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_s),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_s)
        return headers


class RateLimiter:
    """Sliding-window log of accepted requests per key. All limiter state lives here."""

    def __init__(self) -> None:
        self._hits: defaultdict[str, deque[float]] = defaultdict(deque)

    def hit(self, key: str, limit: Limit, now: float) -> Decision:
        hits = self._hits[key]
        while hits and hits[0] <= now - limit.window_s:
            hits.popleft()
        allowed = len(hits) < limit.requests
        if allowed:
            hits.append(now)
        return Decision(
            allowed=allowed,
            limit=limit.requests,
            remaining=limit.requests - len(hits),
            reset_s=math.ceil(hits[0] + limit.window_s - now),
        )


_clock = Clock()
_limiter = RateLimiter()


def get_clock() -> Clock:
    return _clock


def get_limiter() -> RateLimiter:
    return _limiter


ClockDep = Annotated[Clock, Depends(get_clock)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]


def enforce(limiter: RateLimiter, clock: Clock, key: str, limit: Limit, response: Response) -> None:
    decision = limiter.hit(key, limit, clock.now())
    if not decision.allowed:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="Rate limit exceeded",
            headers=decision.headers(),
        )
    response.headers.update(decision.headers())


def require_plan(x_api_key: Annotated[str | None, Header()] = None) -> tuple[str, Plan]:
    plan = API_KEYS.get(x_api_key or "")
    if x_api_key is None or plan is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Missing or unknown API key")
    return x_api_key, plan


def limit_by_plan(
    caller: Annotated[tuple[str, Plan], Depends(require_plan)],
    response: Response,
    limiter: LimiterDep,
    clock: ClockDep,
) -> None:
    """Authenticate first: unknown keys are rejected without touching the limiter."""
    api_key, plan = caller
    enforce(limiter, clock, f"key:{api_key}", PLAN_LIMITS[plan], response)


def limit_login(request: Request, response: Response, limiter: LimiterDep, clock: ClockDep) -> None:
    client = request.client.host if request.client else "unknown"
    enforce(limiter, clock, f"login:{client}", LOGIN_LIMIT, response)


class Credentials(BaseModel):
    username: str
    password: str


class LoginResult(BaseModel):
    token: str


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/data", dependencies=[Depends(limit_by_plan)])
async def read_data() -> dict[str, list[int]]:
    return {"data": [1, 2, 3]}


@app.post("/auth/login", dependencies=[Depends(limit_login)])
async def login(credentials: Credentials) -> LoginResult:
    expected = USERS.get(credentials.username)
    if expected is None or not secrets.compare_digest(
        expected.encode(), credentials.password.encode()
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Incorrect username or password")
    return LoginResult(token=secrets.token_urlsafe(16))
