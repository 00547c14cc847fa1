"""Data API; rate limits are declared as class-based dependencies (`RateLimit(...)`)."""

import bisect
import math
import secrets
import time
from dataclasses import dataclass, field
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


def ceil_seconds(seconds: float) -> int:
    # round first so that float noise such as 29.000000000004 is not counted as 30 s
    return math.ceil(round(seconds, 6))


@dataclass
class RateLimiter:
    """All rate-limiting state: sorted lists of accepted timestamps, one per budget."""

    logs: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def consume(self, budget: tuple[str, str], limit: Limit, now: float) -> tuple[bool, int, int]:
        """Returns (accepted, remaining, seconds until reset or retry)."""
        log = self.logs.setdefault(budget, [])
        # keep only timestamps s with s > now - window, i.e. in (now - window, now]
        del log[: bisect.bisect_right(log, now - limit.window_s)]
        if len(log) >= limit.requests:
            return False, 0, ceil_seconds(log[0] + limit.window_s - now)
        bisect.insort(log, now)
        return True, limit.requests - len(log), ceil_seconds(log[0] + limit.window_s - now)


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


class RateLimit:
    """A dependency instance per limited route. `kind` is "api-key" or "login"."""

    def __init__(self, kind: Literal["api-key", "login"]) -> None:
        self.kind = kind

    def budget(self, request: Request) -> tuple[tuple[str, str], Limit]:
        if self.kind == "api-key":
            key = request.headers["x-api-key"]  # require_plan already validated it
            return (self.kind, key), PLAN_LIMITS[API_KEYS[key]]
        host = request.client.host if request.client else "?"
        return (self.kind, host), LOGIN_LIMIT

    def __call__(
        self, request: Request, response: Response, clock: ClockDep, limiter: LimiterDep
    ) -> None:
        budget, limit = self.budget(request)
        accepted, remaining, seconds = limiter.consume(budget, limit, clock.now())
        headers = {
            "X-RateLimit-Limit": str(limit.requests),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(seconds),
        }
        if not accepted:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                detail="Too many requests",
                headers={**headers, "Retry-After": str(seconds)},
            )
        response.headers.update(headers)


class Credentials(BaseModel):
    username: str
    password: str


class LoginResult(BaseModel):
    token: str


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


# Order matters: require_plan (401) runs before the limiter, so bad keys never count.
@app.get("/data", dependencies=[Depends(require_plan), Depends(RateLimit("api-key"))])
def read_data() -> dict[str, list[int]]:
    return {"data": [1, 2, 3]}


@app.post("/auth/login", dependencies=[Depends(RateLimit("login"))])
def login(credentials: Credentials) -> LoginResult:
    expected = USERS.get(credentials.username)
    if expected is None or not secrets.compare_digest(
        expected.encode(), credentials.password.encode()
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Incorrect username or password")
    return LoginResult(token=secrets.token_urlsafe(16))
