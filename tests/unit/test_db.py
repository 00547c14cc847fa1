"""Start-up refuses a database made by an older schema, with a message that says why."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.db import OutdatedSchema, create_tables, make_engine


async def test_fresh_database_gets_every_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    await create_tables(engine)
    await create_tables(engine)  # idempotent
    await engine.dispose()
    tables = {r[0] for r in sqlite3.connect(tmp_path / "new.db").execute(
        "select name from sqlite_master where type='table'")}
    assert {"submissions", "grading_jobs", "attempts", "invites", "users"} <= tables


async def test_older_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    sqlite3.connect(db).execute("create table attempts (id integer primary key, token_hash text)")
    engine = make_engine(f"sqlite+aiosqlite:///{db}")
    with pytest.raises(OutdatedSchema, match=r"older Crucible \(missing attempts\.invite_id"):
        await create_tables(engine)
    await engine.dispose()
