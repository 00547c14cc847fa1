"""Fakes for the sqlmodel-crud challenge (runs in the candidate's process; not secret).

Overrides `get_engine` with an engine on a fresh SQLite database file in the app's temporary
folder, so the candidate's own `get_session` runs against it. A file (with a normal connection
pool) rather than `sqlite://` + StaticPool: StaticPool shares ONE connection between all
sessions, so a write that was never committed would look committed to every other session, and
a previous request's session, closing after its response was sent, could roll back the next
request's open transaction. The control router:

    POST /reset    drop and re-create every table (each test starts from an empty database)
    GET  /rows     every Product row as stored, internal columns included, by id
"""

from __future__ import annotations

import os
import tempfile
import types
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, create_engine, select


def _engine() -> Engine:
    folder = tempfile.mkdtemp(prefix="crucible-db-")
    path = os.path.join(folder, "grader.sqlite3")
    return create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 2}
    )


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    engine = _engine()
    SQLModel.metadata.create_all(engine)
    app.dependency_overrides[module.get_engine] = lambda: engine
    router = APIRouter()

    @router.post("/reset")
    def reset() -> dict[str, bool]:
        SQLModel.metadata.drop_all(engine)
        SQLModel.metadata.create_all(engine)
        return {"ok": True}

    @router.get("/rows")
    def rows() -> list[dict[str, Any]]:
        product = module.Product
        with Session(engine) as session:
            found = session.exec(select(product).order_by(product.id)).all()
            return [row.model_dump() for row in found]

    return router
