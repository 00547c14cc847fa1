# WRONG: caches the readiness answer for 5 s; violates "run on every request (no caching)"
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


import logging
from typing import Annotated

from fastapi import Depends
from fastapi.responses import JSONResponse

log = logging.getLogger("orders.health")


async def _connect_in_background(app: FastAPI, run_id: object, database: Database) -> None:
    try:
        await database.connect()
    except Exception:
        log.exception("database connect failed")
        return
    if app.state.run_id is run_id and app.state.phase == "starting":
        app.state.phase = "ready"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    run_id = object()
    app.state.run_id = run_id
    app.state.phase = "starting"
    app.state.database = create_database()
    app.state.cache = create_cache()
    app.state.connect_task = asyncio.create_task(
        _connect_in_background(app, run_id, app.state.database)
    )
    try:
        yield
    finally:
        app.state.phase = "stopping"
        task = app.state.connect_task
        if not task.done():
            task.cancel()
        database, cache = app.state.database, app.state.cache
        try:
            await database.close()
        except Exception:
            log.exception("database close failed")
        try:
            await cache.close()
        except Exception:
            log.exception("cache close failed")


app = FastAPI(title="Orders", lifespan=lifespan)


async def _check(name: str, ping, timeout: float) -> str:
    try:
        await asyncio.wait_for(ping(), timeout)
    except asyncio.TimeoutError:
        log.warning("%s check timed out after %ss", name, timeout)
        return "timeout"
    except Exception:
        log.exception("%s check failed", name)
        return "error"
    return "ok"


@app.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "alive"}


@app.get("/health/ready")
async def ready(settings: Annotated[Settings, Depends(get_settings)]) -> JSONResponse:
    phase = getattr(app.state, "phase", "starting")
    if phase in ("starting", "stopping"):
        return JSONResponse({"status": phase, "checks": {}}, status_code=503)
    import time
    cached = getattr(app.state, "ready_cache", None)
    if cached and time.monotonic() - cached[0] < 5:
        return JSONResponse(cached[1], status_code=cached[2])
    db_result, cache_result = await asyncio.gather(
        _check("database", app.state.database.ping, settings.check_timeout_s),
        _check("cache", app.state.cache.ping, settings.check_timeout_s),
    )
    checks = {"database": db_result, "cache": cache_result}
    ok = all(v == "ok" for v in checks.values())
    body = {"status": "ready" if ok else "not_ready", "checks": checks}
    app.state.ready_cache = (time.monotonic(), body, 200 if ok else 503)
    return JSONResponse(body, status_code=200 if ok else 503)
