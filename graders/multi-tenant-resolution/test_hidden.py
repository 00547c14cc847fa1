"""Hidden tests: tenant resolution and per-tenant isolation (black box, over HTTP).

`get_registry` is replaced by the fake registry in overrides.py, whose tenants and record of
lookups live in the grader's process (service.py); each test registers its own tenants with
random slugs through `service`, and its own project names, so tests are independent
of order even though the app's database lives for the whole session. The subdomain is sent in the
Host header (uvicorn accepts any Host), e.g. `Host: acme.api.example.com`.
"""

import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

BASE_DOMAIN = "api.example.com"


def new_tenant(service: Any, *, active: bool = True, plan: str = "pro") -> str:
    slug = "t" + uuid.uuid4().hex[:10]
    service.register(slug, f"Tenant {slug}", plan=plan, active=active)
    return slug


def as_tenant(slug: str) -> dict[str, str]:
    return {"X-Tenant": slug}


def expect(r: httpx.Response, code: int, what: str) -> Any:
    assert r.status_code == code, f"{what}: expected {code}, got {r.status_code}: {r.text[:300]}"
    body = json_body(r)
    if code >= 400:
        assert isinstance(body.get("detail"), str), (
            f"{what}: expected {{'detail': '...'}}, got {r.text[:200]}"
        )
    return body


def create(client: httpx.Client, slug: str, name: str) -> dict[str, Any]:
    r = client.post("/projects", json={"name": name}, headers=as_tenant(slug))
    return expect(r, 201, f"creating {name!r} for {slug}")


# --- resolution ------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_tenant_from_header(client: httpx.Client, service: Any) -> None:
    """The X-Tenant header selects the tenant"""
    slug = new_tenant(service, plan="enterprise")
    body = expect(client.get("/tenant", headers=as_tenant(slug)), 200, "GET /tenant with X-Tenant")
    expected = {"slug": slug, "name": f"Tenant {slug}", "plan": "enterprise"}
    assert body == expected, f"expected {expected}, got {body}"


@pytest.mark.weight(2)
def test_tenant_from_subdomain(client: httpx.Client, service: Any) -> None:
    """The subdomain of the base domain selects the tenant, with or without a port, in any case"""
    slug = new_tenant(service)
    hosts = (
        f"{slug}.{BASE_DOMAIN}",
        f"{slug}.{BASE_DOMAIN}:8000",
        f"{slug.upper()}.API.Example.COM",
    )
    for host in hosts:
        body = expect(client.get("/tenant", headers={"Host": host}), 200, f"Host: {host}")
        assert body.get("slug") == slug, f"Host: {host}: expected tenant {slug!r}, got {body}"


@pytest.mark.weight(2)
def test_no_tenant_400(client: httpx.Client, service: Any) -> None:
    """Without a header or a tenant subdomain the request is a 400, also for foreign hosts"""
    slug = new_tenant(service)
    for host in (None, BASE_DOMAIN, f"{slug}.evil.test", f"{slug}.api.example.com.evil.test"):
        headers = {} if host is None else {"Host": host}
        expect(client.get("/tenant", headers=headers), 400, f"Host: {host or 'default'}")


@pytest.mark.weight(2)
def test_header_must_match_subdomain(client: httpx.Client, service: Any) -> None:
    """X-Tenant that contradicts the subdomain is a 400; the same tenant in both is fine"""
    mine, other = new_tenant(service), new_tenant(service)
    host = {"Host": f"{mine}.{BASE_DOMAIN}"}
    expect(client.get("/tenant", headers={**host, **as_tenant(other)}), 400, "header != subdomain")
    r = client.get("/tenant", headers={**host, **as_tenant(mine)})
    body = expect(r, 200, "header == subdomain")
    assert body.get("slug") == mine, f"expected tenant {mine!r}, got {body}"


@pytest.mark.weight(2)
def test_unknown_tenant_404(client: httpx.Client, service: Any) -> None:
    """A well-formed but unknown tenant is a 404, from the header or the subdomain"""
    slug = "t" + uuid.uuid4().hex[:10]
    expect(client.get("/tenant", headers=as_tenant(slug)), 404, "unknown tenant in X-Tenant")
    expect(
        client.get("/projects", headers={"Host": f"{slug}.{BASE_DOMAIN}"}),
        404,
        "unknown tenant as subdomain",
    )


@pytest.mark.weight(1)
def test_malformed_tenant_400(client: httpx.Client, service: Any) -> None:
    """A malformed tenant name is a 400 and is never looked up"""
    bad = ["", "Bad_Slug", "-acme", "acme-", "a" * 33, "acme' OR '1'='1"]
    for slug in bad:
        expect(client.get("/tenant", headers=as_tenant(slug)), 400, f"X-Tenant: {slug!r}")
    expect(
        client.get("/tenant", headers={"Host": f"a.b.{BASE_DOMAIN}"}), 400, "nested subdomain a.b"
    )
    known = new_tenant(service)
    expect(
        client.get("/tenant", headers={"Host": f"{known}.{BASE_DOMAIN}", "X-Tenant": ""}),
        400,
        "an empty X-Tenant beside a tenant subdomain (an empty header is malformed, not absent)",
    )
    looked_up = service.looked_up()
    assert not set(looked_up) & {*bad, "a.b"}, f"malformed tenants were looked up: {looked_up}"


@pytest.mark.weight(1)
def test_suspended_tenant_403(client: httpx.Client, service: Any) -> None:
    """A suspended tenant is a 403"""
    slug = new_tenant(service, active=False)
    expect(client.get("/tenant", headers=as_tenant(slug)), 403, "suspended tenant")
    expect(client.get("/projects", headers=as_tenant(slug)), 403, "suspended tenant's projects")


# --- isolation -------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_create_project(client: httpx.Client, service: Any) -> None:
    """Creating a project answers 201 with the project and its Location"""
    slug = new_tenant(service)
    name = f"roadmap-{uuid.uuid4().hex[:6]}"
    r = client.post("/projects", json={"name": name}, headers=as_tenant(slug))
    project = expect(r, 201, "POST /projects")
    assert isinstance(project.get("id"), int) and project.get("name") == name, f"got {project}"
    location = r.headers.get("Location", "")
    assert location.endswith(f"/projects/{project['id']}"), f"bad Location {location!r}"
    got = expect(client.get(location, headers=as_tenant(slug)), 200, "GET Location")
    assert got == project, f"expected {project}, got {got}"


@pytest.mark.weight(3)
def test_tenants_are_isolated(client: httpx.Client, service: Any) -> None:
    """A tenant never sees another tenant's projects, in the list or by id"""
    a, b = new_tenant(service), new_tenant(service)
    mine = create(client, a, "alpha")
    theirs = create(client, b, "beta")
    listed = expect(client.get("/projects", headers=as_tenant(a)), 200, "list for tenant A")
    assert listed == [mine], f"tenant A should see exactly [{mine}], got {listed}"
    expect(
        client.get(f"/projects/{theirs['id']}", headers=as_tenant(a)),
        404,
        "tenant A reading tenant B's project",
    )
    via_host = expect(
        client.get("/projects", headers={"Host": f"{b}.{BASE_DOMAIN}"}), 200, "list via subdomain"
    )
    assert via_host == [theirs], f"tenant B should see exactly [{theirs}], got {via_host}"


@pytest.mark.weight(2)
def test_search_is_scoped(client: httpx.Client, service: Any) -> None:
    """Search matches names case-insensitively, within the tenant only"""
    a, b = new_tenant(service), new_tenant(service)
    tag = uuid.uuid4().hex[:6]
    first = create(client, a, f"Launch {tag} site")
    create(client, a, "Billing")
    create(client, b, f"launch {tag} app")
    found = expect(
        client.get("/projects", params={"q": f"LAUNCH {tag}"}, headers=as_tenant(a)), 200, "search"
    )
    assert found == [first], f"expected [{first}], got {found}"


@pytest.mark.weight(3)
def test_search_is_not_injectable(client: httpx.Client, service: Any) -> None:
    """A search term full of SQL cannot reach other tenants' data"""
    a, b = new_tenant(service), new_tenant(service)
    create(client, a, f"secret-{uuid.uuid4().hex[:6]}")
    for q in ("' OR 1=1 OR name LIKE '", "%' OR tenant != '", "x'; --"):
        r = client.get("/projects", params={"q": q}, headers=as_tenant(b))
        found = expect(r, 200, f"search {q!r}")
        assert found == [], (
            f"tenant B searching {q!r} should find nothing, got {found} "
            "(is the search term pasted into the SQL instead of bound as a parameter?)"
        )


@pytest.mark.weight(1)
def test_projects_need_a_tenant(client: httpx.Client, service: Any) -> None:
    """Project routes without a tenant are a 400 and create nothing"""
    name = f"orphan-{uuid.uuid4().hex[:6]}"
    expect(client.post("/projects", json={"name": name}), 400, "POST /projects without tenant")
    expect(client.get("/projects"), 400, "GET /projects without tenant")
