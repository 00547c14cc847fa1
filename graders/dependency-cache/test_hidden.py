"""Hidden tests: one dependency resolution per request, and a fresh one where asked (black box).

`get_db` is replaced by overrides.py with connections to the grader's database (service.py): each
request carries a unique `X-Test-Id`, and the service records which connections that request
opened and which connection each query ran on, in the grader's process.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest


def tag() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"


def call(
    client: httpx.Client, method: str, path: str, user: str | None, test_id: str, **kwargs: Any
) -> httpx.Response:
    headers = {"X-Test-Id": test_id}
    if user is not None:
        headers["X-User"] = user
    return client.request(method, path, headers=headers, **kwargs)


def log(service: Any, test_id: str) -> dict[str, Any]:
    return service.log(test_id)


def ops_on(entry: dict[str, Any], op: str) -> list[int]:
    """The connection numbers the operation `op` ran on, in order."""
    return [c["conn"] for c in entry["calls"] if c["op"] == op]


def _json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


def assert_ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:300]}"
    return _json(r)


def assert_queried_once(entry: dict[str, Any], op: str, conn: int = 1) -> None:
    got = ops_on(entry, op)
    assert got == [conn], (
        f"expected {op} once, on connection {conn}; got it on connections {got} "
        "(is a dependency called directly instead of through Depends?)"
    )


# --- behaviour -------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_dashboard_content(client: httpx.Client, service: Any) -> None:
    """The dashboard shows the user, their permissions and their projects"""
    mine = [service.add_project("bob", f"bob-{uuid.uuid4().hex[:6]}") for _ in range(2)]
    service.add_project("alice", "not-bobs")
    body = assert_ok(call(client, "GET", "/dashboard", "bob", tag()))
    assert body.get("user") == {"name": "bob", "full_name": "Bob Baker"}, f"user: {body}"
    assert body.get("permissions") == ["projects:read"], f"permissions: {body.get('permissions')}"
    assert body.get("projects") == mine, f"expected bob's own projects {mine}, got {body.get('projects')}"
    alice = assert_ok(call(client, "GET", "/dashboard", "alice", tag()))
    assert alice.get("permissions") == ["projects:read", "projects:write"], (
        f"permissions (sorted): {alice.get('permissions')}")
    assert [p.get("name") for p in alice.get("projects", [])] == ["not-bobs"], (
        f"alice's projects: {alice.get('projects')}")


@pytest.mark.weight(1)
def test_unknown_user_401(client: httpx.Client, service: Any) -> None:
    """A missing or unknown X-User answers 401"""
    for user in (None, "mallory"):
        r = call(client, "GET", "/me", user, tag())
        assert r.status_code == 401, f"X-User {user!r}: expected 401, got {r.status_code}"


@pytest.mark.weight(1)
def test_create_project(client: httpx.Client, service: Any) -> None:
    """A writer creates a project (201) and then sees it on the dashboard"""
    name = f"proj-{uuid.uuid4().hex[:8]}"
    project = assert_ok(call(client, "POST", "/projects", "alice", tag(), json={"name": name}), 201)
    assert project.get("name") == name and project.get("owner") == "alice", f"got {project}"
    stored = [p for p in service.projects if p["name"] == name]
    assert len(stored) == 1 and project.get("id") == stored[0]["id"], (
        f"expected the project inserted once, with its id, got {project} vs {stored}")
    body = assert_ok(call(client, "GET", "/dashboard", "alice", tag()))
    assert name in [p.get("name") for p in body.get("projects", [])], "project not on dashboard"


@pytest.mark.weight(1)
def test_project_name_is_validated(client: httpx.Client, service: Any) -> None:
    """A project name must have 1 to 80 characters (422 otherwise)"""
    for name in ("", "x" * 81):
        r = call(client, "POST", "/projects", "alice", tag(), json={"name": name})
        assert r.status_code == 422, (
            f"name of {len(name)} characters: expected 422, got {r.status_code}"
        )
    r = call(client, "POST", "/projects", "alice", tag(), json={"name": "y" * 80})
    assert r.status_code == 201, f"name of 80 characters: expected 201, got {r.status_code}"


@pytest.mark.weight(1)
def test_reader_cannot_create(client: httpx.Client, service: Any) -> None:
    """A user without projects:write gets 403 and nothing is inserted"""
    test_id = tag()
    r = call(client, "POST", "/projects", "bob", test_id, json={"name": "nope"})
    assert r.status_code == 403, f"expected 403, got {r.status_code}: {r.text[:200]}"
    assert ops_on(log(service, test_id), "insert_project") == [], "a project was inserted"
    assert service.projects == [], f"a project was inserted: {service.projects}"


# --- the dependency cache --------------------------------------------------------------------


@pytest.mark.weight(3)
def test_dashboard_uses_one_connection(client: httpx.Client, service: Any) -> None:
    """The dashboard opens exactly one connection and runs every query on it"""
    test_id = tag()
    assert_ok(call(client, "GET", "/dashboard", "alice", test_id))
    entry = log(service, test_id)
    assert len(entry["connections"]) == 1, (
        f"expected 1 connection for the request, got {len(entry['connections'])} "
        "(is get_db resolved more than once, e.g. with use_cache=False or a wrapper?)"
    )
    for op in ("get_user", "get_permissions", "list_projects"):
        assert_queried_once(entry, op)


@pytest.mark.weight(2)
def test_user_is_loaded_once(client: httpx.Client, service: Any) -> None:
    """The current user is looked up once per request, however many dependencies need it"""
    test_id = tag()
    assert_ok(call(client, "POST", "/projects", "alice", test_id, json={"name": "once"}), 201)
    entry = log(service, test_id)
    got = ops_on(entry, "get_user")
    assert len(got) == 1, f"expected get_user once, got {len(got)} times on connections {got}"


@pytest.mark.weight(2)
def test_me_uses_one_connection(client: httpx.Client, service: Any) -> None:
    """GET /me opens one connection for one user lookup"""
    test_id = tag()
    body = assert_ok(call(client, "GET", "/me", "alice", test_id))
    assert body == {"name": "alice", "full_name": "Alice Archer"}, f"got {body}"
    entry = log(service, test_id)
    assert entry["connections"] == [1], f"expected 1 connection, got {entry['connections']}"
    assert_queried_once(entry, "get_user")


@pytest.mark.weight(2)
def test_each_request_gets_its_own_connection(client: httpx.Client, service: Any) -> None:
    """Every request opens its own connection: nothing is cached across requests"""
    ids = [tag(), tag(), tag()]
    for test_id in ids:
        assert_ok(call(client, "GET", "/dashboard", "alice", test_id))
    counts = [len(log(service, test_id)["connections"]) for test_id in ids]
    assert counts == [1, 1, 1], f"expected one connection per request, got {counts}"


@pytest.mark.weight(3)
def test_audit_uses_a_fresh_connection(client: httpx.Client, service: Any) -> None:
    """Creating a project writes the audit entry on a second, fresh connection"""
    test_id = tag()
    assert_ok(call(client, "POST", "/projects", "alice", test_id, json={"name": "audit"}), 201)
    entry = log(service, test_id)
    assert len(entry["connections"]) == 2, (
        f"expected 2 connections (the request's and the audit log's), "
        f"got {len(entry['connections'])}"
    )
    audit = ops_on(entry, "insert_audit")
    insert = ops_on(entry, "insert_project")
    assert len(audit) == 1 and len(insert) == 1, (
        f"expected one insert of each, got {entry['calls']}"
    )
    assert audit != insert, "the audit entry was written on the request's connection"
    actors = [a["actor"] for a in service.audit if a["test_id"] == test_id]
    assert actors == ["alice"], f"expected one audit entry by alice, got {service.audit}"


@pytest.mark.weight(3)
def test_request_work_shares_one_connection(client: httpx.Client, service: Any) -> None:
    """Creating a project runs user, permission and insert queries on the same connection"""
    test_id = tag()
    assert_ok(call(client, "POST", "/projects", "alice", test_id, json={"name": "shared"}), 201)
    entry = log(service, test_id)
    shared = {op: ops_on(entry, op) for op in ("get_user", "get_permissions", "insert_project")}
    conns = {conn for runs in shared.values() for conn in runs}
    assert len(conns) == 1 and all(len(runs) == 1 for runs in shared.values()), (
        f"expected each of these once on one shared connection, got {shared}"
    )
    audit = ops_on(entry, "insert_audit")
    assert audit and audit[0] not in conns, (
        f"the audit log should use a connection of its own, got audit on {audit}, "
        f"request work on {sorted(conns)}"
    )
