"""Async engine and sessions: SQLite (WAL) by default; any SQLAlchemy URL (PostgreSQL) works."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 5})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


class OutdatedSchema(RuntimeError):
    """The database was made by an older Crucible: a table lacks columns this one needs."""


def _missing_columns(sync_conn) -> list[str]:  # type: ignore[no-untyped-def]
    inspector = inspect(sync_conn)
    existing = set(inspector.get_table_names())
    missing = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in existing:
            have = {c["name"] for c in inspector.get_columns(table.name)}
            missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
    return missing


async def create_tables(engine: AsyncEngine) -> None:
    """Create missing tables; refuse to run on tables from an older schema, with a message
    that says what to do, rather than fail on the first query that touches a new column."""
    import app.models  # noqa: F401  (registers the tables)

    async with engine.begin() as conn:
        missing = await conn.run_sync(_missing_columns)
        if missing:
            raise OutdatedSchema(
                f"the database {engine.url.render_as_string(hide_password=True)} was created by "
                f"an older Crucible (missing {', '.join(missing[:5])}); there are no migrations "
                "before the first release: move it aside (a development database lives in "
                "var/) and start again")
        await conn.run_sync(SQLModel.metadata.create_all)
