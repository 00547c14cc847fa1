"""The grader's side of dependency-cache (runs in the grader's process, see crucible_link.py):
the database the app's connections talk to. It holds the users, their permissions, the
projects and the audit entries, and records every connection opened (under the request's
`X-Test-Id`) and which connection each query ran on, where the app cannot reach the record.

A connection is a handle the service hands out when the app's `get_db` opens it: an
unguessable token, so a query can only run on a connection that was really opened.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from typing import Any

from crucible_link import ServiceError, exposed

USERS = {
    "alice": {"name": "alice", "full_name": "Alice Archer"},
    "bob": {"name": "bob", "full_name": "Bob Baker"},
}
PERMISSIONS = {"alice": ["projects:read", "projects:write"], "bob": ["projects:read"]}


def _text(value: Any, what: str, limit: int = 1000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ServiceError(f"{what} must be a string")
    return value


class Service:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.handles: dict[str, tuple[str, int]] = {}   # token -> (test id, number)
        self.connections: dict[str, list[int]] = {}     # test id -> [1, 2, ...]
        self.calls: dict[str, list[dict[str, Any]]] = {}  # test id -> [{"conn", "op"}, ...]
        self.projects: list[dict[str, Any]] = []
        self.audit: list[dict[str, Any]] = []           # {"test_id", "conn", "actor", "action"}

    def reset(self) -> None:
        """Before each test: no connections, no calls, no projects, no audit entries."""
        with self._lock:
            self.handles.clear()
            self.connections.clear()
            self.calls.clear()
            self.projects.clear()
            self.audit.clear()

    # --- for the tests -----------------------------------------------------------------------

    def log(self, test_id: str) -> dict[str, Any]:
        """What the requests tagged `test_id` did: connections opened and queries run."""
        with self._lock:
            return {
                "connections": list(self.connections.get(test_id, [])),
                "calls": [dict(c) for c in self.calls.get(test_id, [])],
            }

    def add_project(self, owner: str, name: str) -> dict[str, Any]:
        """Seeds a project straight into the database (no connection recorded)."""
        with self._lock:
            project = {"id": next(self._ids), "name": name, "owner": owner}
            self.projects.append(project)
            return dict(project)

    # --- for the app (untrusted input) -------------------------------------------------------

    def _query(self, handle: Any, op: str) -> tuple[str, int]:
        """Records `op` on the connection `handle`; the caller holds the lock."""
        if not isinstance(handle, str) or handle not in self.handles:
            raise ServiceError("not a connection this database opened")
        test_id, number = self.handles[handle]
        self.calls.setdefault(test_id, []).append({"conn": number, "op": op})
        return test_id, number

    @exposed
    def open_connection(self, test_id: Any = "") -> str:
        test_id = _text(test_id, "the test id", 200)
        with self._lock:
            numbers = self.connections.setdefault(test_id, [])
            numbers.append(len(numbers) + 1)
            handle = secrets.token_hex(16)
            self.handles[handle] = (test_id, numbers[-1])
            return handle

    @exposed
    def get_user(self, handle: Any, name: Any) -> dict[str, str] | None:
        name = _text(name, "the user name")
        with self._lock:
            self._query(handle, "get_user")
            user = USERS.get(name)
            return dict(user) if user else None

    @exposed
    def get_permissions(self, handle: Any, user_name: Any) -> list[str]:
        user_name = _text(user_name, "the user name")
        with self._lock:
            self._query(handle, "get_permissions")
            return list(PERMISSIONS.get(user_name, []))

    @exposed
    def list_projects(self, handle: Any, owner: Any) -> list[dict[str, Any]]:
        owner = _text(owner, "the owner")
        with self._lock:
            self._query(handle, "list_projects")
            return [dict(p) for p in self.projects if p["owner"] == owner]

    @exposed
    def insert_project(self, handle: Any, owner: Any, name: Any) -> dict[str, Any]:
        owner = _text(owner, "the owner")
        name = _text(name, "the project name")
        with self._lock:
            self._query(handle, "insert_project")
            project = {"id": next(self._ids), "name": name, "owner": owner}
            self.projects.append(project)
            return dict(project)

    @exposed
    def insert_audit(self, handle: Any, actor: Any, action: Any) -> None:
        actor = _text(actor, "the actor")
        action = _text(action, "the action", 10_000)
        with self._lock:
            test_id, number = self._query(handle, "insert_audit")
            self.audit.append({"test_id": test_id, "conn": number, "actor": actor,
                               "action": action})
