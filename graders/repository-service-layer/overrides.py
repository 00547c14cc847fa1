"""Fakes for the repository-service-layer challenge (runs in the candidate's process; not secret).

Replaces `get_user_repository` with the grader's repository (the protocol from the statement):
the users live in the grader's process (service.py), which answers and records every call. It
returns the app's own `User` model and raises the app's own `DuplicateEmailError` when another
stored user has the email (or when the grader simulates a concurrent registration).
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import RemoteError, grader
from fastapi import FastAPI


class GraderRepository:
    def __init__(self, module: types.ModuleType) -> None:
        self._module = module

    def _user(self, data: dict[str, Any] | None) -> Any:
        return None if data is None else self._module.User(**data)

    async def _call(self, method: str, *args: Any) -> Any:
        try:
            return await grader().acall(method, *args)
        except RemoteError as exc:
            if exc.kind == "DuplicateEmail":
                raise self._module.DuplicateEmailError(str(exc)) from None
            if exc.kind == "NotStored":
                raise KeyError(str(exc)) from None
            raise

    async def get(self, user_id: int) -> Any:
        return self._user(await self._call("get", user_id))

    async def get_by_email(self, email: str) -> Any:
        return self._user(await self._call("get_by_email", email))

    async def add(self, email: str, name: str) -> Any:
        return self._user(await self._call("add", email, name))

    async def save(self, user: Any) -> Any:
        return self._user(await self._call("save", user.id, user.email, user.name))

    async def delete(self, user_id: int) -> bool:
        return bool(await self._call("delete", user_id))


def install(app: FastAPI, module: types.ModuleType) -> None:
    repository = GraderRepository(module)
    app.dependency_overrides[module.get_user_repository] = lambda: repository
