"""Fakes for the sqlmodel-crud challenge (runs in the candidate's process; not secret).

Overrides `get_engine` with an engine whose connections are the grader's (see crucible_sql.py):
the database lives in the grader's process, where the tests read the stored rows. The tables are
created from the candidate's own SQLModel models when the app starts. A normal connection pool,
one real connection per session: a write that was never committed stays invisible to the other
sessions and to the tests, as it would on a database server.
"""

from __future__ import annotations

import types

import crucible_sql
from fastapi import FastAPI
from sqlalchemy.pool import QueuePool
from sqlmodel import SQLModel, create_engine


def install(app: FastAPI, module: types.ModuleType) -> None:
    engine = create_engine("sqlite://", creator=crucible_sql.connect, poolclass=QueuePool)
    SQLModel.metadata.create_all(engine)
    app.dependency_overrides[module.get_engine] = lambda: engine
