"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way
over HTTP, with `get_registry` replaced by a registry that also knows tenants they create.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_tenant_from_header(client: httpx.Client) -> None:
    """X-Tenant selects the tenant"""
    r = client.get("/tenant", headers={"X-Tenant": "acme"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json() == {"slug": "acme", "name": "Acme Corp", "plan": "pro"}, r.text


def test_tenant_from_subdomain(client: httpx.Client) -> None:
    """The subdomain selects the tenant"""
    r = client.get("/tenant", headers={"Host": "globex.api.example.com"})
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text}"
    assert r.json()["slug"] == "globex", r.text


def test_new_project_is_listed_for_its_tenant(client: httpx.Client) -> None:
    """A tenant's new project shows up in its list"""
    name = f"example-{uuid.uuid4().hex[:8]}"
    created = client.post("/projects", json={"name": name}, headers={"X-Tenant": "acme"})
    assert created.status_code == 201, f"expected 201, got {created.status_code}: {created.text}"
    listed = client.get("/projects", headers={"X-Tenant": "acme"}).json()
    assert created.json() in listed, f"{created.json()} not in {listed}"


def test_no_tenant(client: httpx.Client) -> None:
    """No tenant, no projects"""
    r = client.get("/projects")
    assert r.status_code == 400, f"expected 400, got {r.status_code}: {r.text}"
