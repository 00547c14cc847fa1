"""Orders service. It has one naive health check; add liveness and readiness probes.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Settings`, `get_settings`, `Database`, `Cache`, `create_database` and
`create_cache`: the grader replaces `create_database`, `create_cache` and `get_settings`.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import BaseModel

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


# Style: a HealthMonitor class kept on app.state, APIRouter, asyncio.wait(timeout=...) on tasks
# (cancelling the pending ones), Response parameter to set the status, Pydantic response model,
# and an asyncio.Event to signal the database connected.
import logging
from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Depends, Response

logger = logging.getLogger(__name__)


class Phase(str, Enum):
    STARTING = "starting"
    READY = "ready"
    STOPPING = "stopping"


class HealthMonitor:
    def __init__(self, database: Database, cache: Cache) -> None:
        self.database = database
        self.cache = cache
        self.connected = asyncio.Event()
        self.stopping = False
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect())

    async def _connect(self) -> None:
        try:
            await self.database.connect()
        except Exception as exc:  # noqa: BLE001
            logger.error("database connect failed: %r", exc)
        else:
            self.connected.set()

    @property
    def phase(self) -> Phase:
        if self.stopping:
            return Phase.STOPPING
        return Phase.READY if self.connected.is_set() else Phase.STARTING

    async def stop(self) -> None:
        self.stopping = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        for name, client in (("database", self.database), ("cache", self.cache)):
            try:
                await client.close()
            except Exception as exc:  # noqa: BLE001
                logger.error("%s close failed: %r", name, exc)

    async def run_checks(self, timeout: float) -> dict[str, str]:
        tasks = {
            "database": asyncio.ensure_future(self.database.ping()),
            "cache": asyncio.ensure_future(self.cache.ping()),
        }
        await asyncio.wait(tasks.values(), timeout=timeout)
        results: dict[str, str] = {}
        for name, task in tasks.items():
            if not task.done():
                task.cancel()
                logger.warning("%s ping timed out", name)
                results[name] = "timeout"
            elif task.cancelled() or task.exception() is not None:
                logger.warning("%s ping failed: %r", name, None if task.cancelled() else task.exception())
                results[name] = "error"
            else:
                results[name] = "ok"
        return results


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    monitor = HealthMonitor(create_database(), create_cache())
    app.state.monitor = monitor
    monitor.start()
    yield
    await monitor.stop()


app = FastAPI(title="Orders", lifespan=lifespan)
router = APIRouter(prefix="/health", tags=["health"])


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/live")
def live() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/ready", response_model=Readiness)
async def ready(response: Response, settings: Annotated[Settings, Depends(get_settings)]) -> Readiness:
    monitor: HealthMonitor | None = getattr(app.state, "monitor", None)
    if monitor is None or monitor.phase is not Phase.READY:
        response.status_code = 503
        phase = Phase.STARTING if monitor is None else monitor.phase
        return Readiness(status=phase.value, checks={})
    checks = await monitor.run_checks(settings.check_timeout_s)
    if set(checks.values()) == {"ok"}:
        return Readiness(status="ready", checks=checks)
    response.status_code = 503
    return Readiness(status="not_ready", checks=checks)


app.include_router(router)
