# WRONG: X-RateLimit-Remaining computed before recording this request (5,4,3,2,1 instead of 4..0). Violates "how many more requests would be accepted right now, after this one".
"""Data API with an in-memory sliding-log rate limiter, called inline from the routes."""

import math
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
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
    reset_s: int  # whole seconds, rounded up

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
    """Sliding log: accepted timestamps per budget, oldest first."""

    def __init__(self) -> None:
        self._accepted: defaultdict[str, deque[float]] = defaultdict(deque)

    def hit(self, budget: str, limit: Limit, now: float) -> Decision:
        log = self._accepted[budget]
        # A request accepted at s counts in (s, s + window): drop it once s + window <= now.
        while log and log[0] + limit.window_s <= now:
            log.popleft()
        if len(log) < limit.requests:
            remaining = limit.requests - len(log)
            log.append(now)
            reset = math.ceil(log[0] + limit.window_s - now)
            return Decision(True, limit.requests, remaining, reset)
        retry_after = math.ceil(log[0] + limit.window_s - now)
        return Decision(False, limit.requests, 0, retry_after)


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


def too_many(decision: Decision) -> JSONResponse:
    return JSONResponse(
        {"detail": f"Rate limit exceeded, retry in {decision.reset_s} s"},
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        headers=decision.headers(),
    )


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/data", response_model=dict[str, list[int]])
async def read_data(
    plan: Annotated[Plan, Depends(require_plan)],
    x_api_key: Annotated[str, Header()],
    clock: ClockDep,
    limiter: LimiterDep,
    response: Response,
):
    decision = limiter.hit(f"api-key:{x_api_key}", PLAN_LIMITS[plan], clock.now())
    if not decision.allowed:
        return too_many(decision)
    response.headers.update(decision.headers())
    return {"data": [1, 2, 3]}


@app.post("/auth/login", response_model=LoginResult)
async def login(
    credentials: Credentials,
    request: Request,
    clock: ClockDep,
    limiter: LimiterDep,
    response: Response,
):
    client_ip = request.client.host if request.client else "unknown"
    decision = limiter.hit(f"login-ip:{client_ip}", LOGIN_LIMIT, clock.now())
    if not decision.allowed:
        return too_many(decision)
    expected = USERS.get(credentials.username)
    if expected is None or not secrets.compare_digest(
        expected.encode(), credentials.password.encode()
    ):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers=decision.headers(),
        )
    response.headers.update(decision.headers())
    return LoginResult(token=secrets.token_urlsafe(16))
