"""The grader's side of repository-service-layer (runs in the grader's process, see
crucible_link.py): the users the repository stores, every call it received, and the switch that
makes the next write fail as a concurrent registration would. The app's repository
(overrides.py) is a thin proxy of the protocol: each of its calls is answered here, where the
data lives, so a call the app skips also goes without its data. The tests seed users, read what
was stored and which calls arrived, out of the app's reach.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import ServiceError, exposed

FIRST_ID = 100
MAX_USERS = 10_000


class DuplicateEmail(ServiceError):
    """Another stored user has that email (the app's repository raises DuplicateEmailError)."""


class NotStored(ServiceError):
    """save() of a user the repository does not hold."""


def _user_id(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ServiceError("a user id is an integer")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) > 10_000:
        raise ServiceError(f"{what} is a string")
    return value


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Before each test: an empty repository, ids from 100, no call, no race armed."""
        with self._lock:
            self.users: dict[int, dict[str, Any]] = {}
            self.calls: list[dict[str, Any]] = []
            self.race_next_write = False
            self._next_id = FIRST_ID

    # -- what the tests use -------------------------------------------------------------------

    def insert(self, email: str, name: str) -> dict[str, Any]:
        """Stores a user directly (bypassing the app, not recorded as a call)."""
        with self._lock:
            return dict(self._insert(email, name))

    def stored(self) -> list[dict[str, Any]]:
        """Everything stored, by id."""
        with self._lock:
            return [dict(self.users[k]) for k in sorted(self.users)]

    def recorded(self) -> list[dict[str, Any]]:
        """[{"method": "add", "args": {...}}, ...] in the order the calls arrived."""
        with self._lock:
            return [{"method": c["method"], "args": dict(c["args"])} for c in self.calls]

    # -- the repository protocol, for the app -------------------------------------------------

    def _insert(self, email: str, name: str) -> dict[str, Any]:
        if len(self.users) >= MAX_USERS:
            raise ServiceError("the repository is full")
        user = {"id": self._next_id, "email": email, "name": name}
        self._next_id += 1
        self.users[user["id"]] = user
        return user

    def _owner(self, email: str) -> dict[str, Any] | None:
        return next((u for u in self.users.values() if u["email"] == email), None)

    def _record(self, method: str, **args: Any) -> None:
        if len(self.calls) < 100_000:
            self.calls.append({"method": method, "args": args})

    def _race(self, email: str) -> None:
        if self.race_next_write:
            self.race_next_write = False
            raise DuplicateEmail(email)

    @exposed
    def get(self, user_id: int) -> dict[str, Any] | None:
        user_id = _user_id(user_id)
        with self._lock:
            self._record("get", user_id=user_id)
            found = self.users.get(user_id)
            return dict(found) if found is not None else None

    @exposed
    def get_by_email(self, email: str) -> dict[str, Any] | None:
        email = _text(email, "an email")
        with self._lock:
            self._record("get_by_email", email=email)
            found = self._owner(email)
            return dict(found) if found is not None else None

    @exposed
    def add(self, email: str, name: str) -> dict[str, Any]:
        email, name = _text(email, "an email"), _text(name, "a name")
        with self._lock:
            self._record("add", email=email, name=name)
            self._race(email)
            if self._owner(email) is not None:
                raise DuplicateEmail(email)
            return dict(self._insert(email, name))

    @exposed
    def save(self, user_id: int, email: str, name: str) -> dict[str, Any]:
        user_id = _user_id(user_id)
        email, name = _text(email, "an email"), _text(name, "a name")
        with self._lock:
            self._record("save", id=user_id, email=email, name=name)
            self._race(email)
            owner = self._owner(email)
            if owner is not None and owner["id"] != user_id:
                raise DuplicateEmail(email)
            if user_id not in self.users:
                raise NotStored(f"save() of a user that is not stored: {user_id}")
            self.users[user_id] = {"id": user_id, "email": email, "name": name}
            return dict(self.users[user_id])

    @exposed
    def delete(self, user_id: int) -> bool:
        user_id = _user_id(user_id)
        with self._lock:
            self._record("delete", user_id=user_id)
            return self.users.pop(user_id, None) is not None
