"""Fakes for the n-plus-one-eager-loading challenge (runs in the candidate's process; not secret).

Replaces `get_session` with sessions on an engine whose connections are the grader's (see
crucible_sql.py): every statement runs, and is counted, in the grader's process. The tables are
created from the candidate's own SQLModel models when the app starts.
"""

import types
from collections.abc import Iterator

import crucible_sql
from fastapi import FastAPI
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, SQLModel, create_engine


def install(app: FastAPI, module: types.ModuleType) -> None:
    engine = create_engine("sqlite://", creator=crucible_sql.connect, poolclass=QueuePool)
    SQLModel.metadata.create_all(engine)

    def grader_session() -> Iterator[Session]:
        with Session(engine) as session:
            yield session

    app.dependency_overrides[module.get_session] = grader_session
