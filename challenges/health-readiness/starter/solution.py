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


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # TODO: the server does not answer anything until connect() returns.
    app.state.database, app.state.cache = create_database(), create_cache()
    await app.state.database.connect()
    yield
    await app.state.database.close()
    await app.state.cache.close()


app = FastAPI(title="Orders", lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    # TODO: replace with /health/live and /health/ready (see the statement).
    return {"status": "ok"}
