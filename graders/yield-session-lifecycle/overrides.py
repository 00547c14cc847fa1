"""Fakes for the yield-session-lifecycle challenge (runs in the candidate's process; not secret).

Replaces `get_database` with a database whose sessions behave like the starter's, but whose
accounts and staged changes live in the grader's process (service.py): each `get`, `add`,
`save`, `commit`, `rollback` and `close` is a call to the grader, which records the session's
events there. A commit the grader was told to refuse raises the app's own `CommitError`
(nothing is saved).
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import RemoteError, grader
from fastapi import FastAPI


class GraderSession:
    def __init__(self, module: types.ModuleType) -> None:
        self._module = module
        self.id = grader().call("open_session")

    def _account(self, data: dict[str, Any] | None) -> Any:
        return None if data is None else self._module.Account(**data)

    def get(self, account_id: int) -> Any:
        return self._account(grader().call("get", self.id, account_id))

    def add(self, owner: str, balance_cents: int) -> Any:
        return self._account(grader().call("add", self.id, owner, balance_cents))

    def save(self, account: Any) -> None:
        grader().call("save", self.id, account.model_dump())

    async def commit(self) -> None:
        try:
            await grader().acall("commit", self.id)
        except RemoteError as exc:
            if exc.kind != "CommitRefused":
                raise
            raise self._module.CommitError(str(exc)) from None

    async def rollback(self) -> None:
        await grader().acall("rollback", self.id)

    async def close(self) -> None:
        await grader().acall("close", self.id)


class GraderDatabase:
    def __init__(self, module: types.ModuleType) -> None:
        self._module = module

    def next_id(self) -> int:
        return grader().call("next_id")

    def session(self) -> GraderSession:
        return GraderSession(self._module)


def install(app: FastAPI, module: types.ModuleType) -> None:
    database = GraderDatabase(module)
    app.dependency_overrides[module.get_database] = lambda: database
