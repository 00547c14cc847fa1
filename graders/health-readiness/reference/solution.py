"""Orders service: liveness and readiness probes; the lifespan warms up in the background."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import StrEnum
from typing import Annotated, Literal, Protocol

from fastapi import Depends, FastAPI, Request, Response, status
from pydantic import BaseModel

logger = logging.getLogger("orders.health")

DATABASE_DSN = "postgresql://orders:s3cr3t-pw@db.internal:5432/orders"
CACHE_URL = "redis://:cache-pw@cache.internal:6379/0"


class Settings(BaseModel):
    check_timeout_s: float = 1.0


def get_settings() -> Settings:
    return Settings()


class Database:
    """Async database client. Every call may raise, or hang when the network does."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    async def connect(self) -> None:
        """Open the connection pool. Slow: seconds on a cold start."""
        await asyncio.sleep(2)

    async def ping(self) -> None:
        """Run `SELECT 1`; raise if the database cannot answer."""
        await asyncio.sleep(0.005)

    async def close(self) -> None:
        """Close the pool, waiting for borrowed connections to come back."""
        await asyncio.sleep(0.01)


class Cache:
    """Async cache client. Every call may raise, or hang when the network does."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def ping(self) -> None:
        """Send PING; raise if the cache cannot answer."""
        await asyncio.sleep(0.002)

    async def close(self) -> None:
        await asyncio.sleep(0.01)


def create_database() -> Database:
    return Database(DATABASE_DSN)


def create_cache() -> Cache:
    return Cache(CACHE_URL)


class Phase(StrEnum):
    STARTING = "starting"
    READY = "ready"
    STOPPING = "stopping"


class Pingable(Protocol):
    async def ping(self) -> None: ...


async def warm_up(app: FastAPI, database: Database) -> None:
    await database.connect()
    app.state.phase = Phase.READY


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    database, cache = create_database(), create_cache()
    app.state.phase = Phase.STARTING
    app.state.database, app.state.cache = database, cache
    # Connect in the background: the process is live (and says "starting") while it warms up.
    connecting = asyncio.create_task(warm_up(app, database))
    yield
    app.state.phase = Phase.STOPPING  # leave the load balancer before anything closes
    connecting.cancel()
    await asyncio.gather(database.close(), cache.close())


app = FastAPI(title="Orders", lifespan=lifespan)

SettingsDep = Annotated[Settings, Depends(get_settings)]
CheckResult = Literal["ok", "error", "timeout"]


class Liveness(BaseModel):
    status: Literal["alive"] = "alive"


class Readiness(BaseModel):
    status: Literal["ready", "not_ready", "starting", "stopping"]
    checks: dict[str, CheckResult] = {}


async def check(name: str, dependency: Pingable, timeout_s: float) -> CheckResult:
    """Ping one dependency within the timeout. The cause goes to the log, never to the body."""
    try:
        await asyncio.wait_for(dependency.ping(), timeout_s)
    except TimeoutError:
        logger.warning("readiness: %s did not answer within %ss", name, timeout_s)
        return "timeout"
    except Exception:
        logger.exception("readiness: %s check failed", name)
        return "error"
    return "ok"


@app.get("/health/live")
async def liveness() -> Liveness:
    """The process is up and its event loop answers. Never looks at dependencies."""
    return Liveness()


@app.get(
    "/health/ready",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Readiness}},
)
async def readiness(request: Request, response: Response, settings: SettingsDep) -> Readiness:
    """Whether this instance should receive traffic now."""
    state = request.app.state
    if state.phase is not Phase.READY:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return Readiness(status=state.phase)
    dependencies = {"database": state.database, "cache": state.cache}
    results = await asyncio.gather(
        *(check(name, dep, settings.check_timeout_s) for name, dep in dependencies.items())
    )
    checks = dict(zip(dependencies, results, strict=True))
    if all(result == "ok" for result in results):
        return Readiness(status="ready", checks=checks)
    response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Readiness(status="not_ready", checks=checks)
