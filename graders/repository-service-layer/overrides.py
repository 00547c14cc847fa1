"""Fakes for the repository-service-layer challenge (runs in the candidate's process; not secret).

Replaces `get_user_repository` with the grader's own in-memory repository (the protocol from the
statement), which records every call and can simulate a concurrent registration:

    POST /reset                          a fresh, empty repository
    GET  /users                          everything stored, by id
    POST /users {"email", "name"}        store a user directly (bypassing the app)
    GET  /calls                          [{"method": "add", "args": {...}}, ...]
    POST /race-next-write                the next add/save raises DuplicateEmailError, as if
                                         another request had inserted that email a moment ago
"""

from __future__ import annotations

import asyncio
import types
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel


class GraderRepository:
    def __init__(self, module: types.ModuleType) -> None:
        self._module = module
        self.users: dict[int, Any] = {}
        self.calls: list[dict[str, Any]] = []
        self.race_next_write = False
        self._next_id = 100

    def _record(self, method: str, **args: Any) -> None:
        self.calls.append({"method": method, "args": args})

    def insert(self, email: str, name: str) -> Any:
        user = self._module.User(id=self._next_id, email=email, name=name)
        self._next_id += 1
        self.users[user.id] = user
        return user

    def _owner(self, email: str) -> Any:
        return next((u for u in self.users.values() if u.email == email), None)

    def _race(self, email: str) -> None:
        if self.race_next_write:
            self.race_next_write = False
            raise self._module.DuplicateEmailError(email)

    async def get(self, user_id: int) -> Any:
        self._record("get", user_id=user_id)
        await asyncio.sleep(0)
        return self.users.get(user_id)

    async def get_by_email(self, email: str) -> Any:
        self._record("get_by_email", email=email)
        await asyncio.sleep(0)
        return self._owner(email)

    async def add(self, email: str, name: str) -> Any:
        self._record("add", email=email, name=name)
        await asyncio.sleep(0)
        self._race(email)
        if self._owner(email) is not None:
            raise self._module.DuplicateEmailError(email)
        return self.insert(email, name)

    async def save(self, user: Any) -> Any:
        self._record("save", id=user.id, email=user.email, name=user.name)
        await asyncio.sleep(0)
        self._race(user.email)
        owner = self._owner(user.email)
        if owner is not None and owner.id != user.id:
            raise self._module.DuplicateEmailError(user.email)
        if user.id not in self.users:
            raise KeyError(f"save() of a user that is not stored: {user.id}")
        self.users[user.id] = self._module.User(id=user.id, email=user.email, name=user.name)
        return self.users[user.id]

    async def delete(self, user_id: int) -> bool:
        self._record("delete", user_id=user_id)
        await asyncio.sleep(0)
        return self.users.pop(user_id, None) is not None


class NewUser(BaseModel):
    email: str
    name: str


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    state: dict[str, GraderRepository] = {"repo": GraderRepository(module)}
    app.dependency_overrides[module.get_user_repository] = lambda: state["repo"]
    router = APIRouter()

    def dump(user: Any) -> dict[str, Any]:
        return {"id": user.id, "email": user.email, "name": user.name}

    @router.post("/reset")
    async def reset() -> dict[str, bool]:
        state["repo"] = GraderRepository(module)
        return {"ok": True}

    @router.get("/users")
    async def users() -> list[dict[str, Any]]:
        return [dump(u) for u in state["repo"].users.values()]

    @router.post("/users")
    async def seed(body: NewUser) -> dict[str, Any]:
        return dump(state["repo"].insert(body.email, body.name))

    @router.get("/calls")
    async def calls() -> list[dict[str, Any]]:
        return state["repo"].calls

    @router.post("/race-next-write")
    async def race() -> dict[str, bool]:
        state["repo"].race_next_write = True
        return {"ok": True}

    return router
