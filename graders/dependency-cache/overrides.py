"""Fakes for the dependency-cache challenge (runs in the candidate's process; not secret).

Replaces `get_db` with connections to the grader's database (service.py): each one is opened
there, under the request's `X-Test-Id` header, and each of its five methods runs its query
there, where the users, permissions, projects and audit entries live and where every
connection and query is recorded. Nothing is recorded or read back in this process.
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI, Request


def install(app: FastAPI, module: types.ModuleType) -> None:
    user_model = getattr(module, "User", None)
    project_model = getattr(module, "Project", None)

    def as_user(data: Any) -> Any:
        if data is None or user_model is None:
            return data
        return user_model(**data)

    def as_project(data: Any) -> Any:
        return project_model(**data) if project_model is not None else data

    class GraderConnection:
        """A connection to the grader's database, with the methods of the app's Connection."""

        def __init__(self, handle: str) -> None:
            self._handle = handle

        def get_user(self, name: str) -> Any:
            return as_user(grader().call("get_user", self._handle, name))

        def get_permissions(self, user_name: str) -> set[str]:
            return set(grader().call("get_permissions", self._handle, user_name))

        def list_projects(self, owner: str) -> list[Any]:
            return [as_project(p) for p in grader().call("list_projects", self._handle, owner)]

        def insert_project(self, owner: str, name: str) -> Any:
            return as_project(grader().call("insert_project", self._handle, owner, name))

        def insert_audit(self, actor: str, action: str) -> None:
            grader().call("insert_audit", self._handle, actor, action)

    async def grader_get_db(request: Request) -> GraderConnection:
        handle = await grader().acall("open_connection", request.headers.get("x-test-id", ""))
        return GraderConnection(handle)

    app.dependency_overrides[module.get_db] = grader_get_db
