"""Hidden tests: a strict CORS policy (black box, over HTTP, playing the browser's part).

A browser sends `Origin` on cross-origin requests and an OPTIONS preflight (with
`Access-Control-Request-Method`/`-Headers`) before non-simple ones; it lets the page read the
response only if `Access-Control-Allow-Origin` names the page's origin. The start-up guard is
checked through overrides.py, which called `create_app` with the settings the grader's service
(service.py) chose before serving and reported each outcome there; `service.serve(name)` sends
the following requests to the app returned for those settings.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_link import wait_until

APP = "https://app.example.com"
ADMIN = "https://admin.example.com"
PREVIEW = "https://pr-42.preview.example.com"


def get_profile(client: httpx.Client, origin: str | None) -> httpx.Response:
    headers = {"Authorization": "Bearer t0k3n"}
    if origin is not None:
        headers["Origin"] = origin
    r = client.get("/api/profile", headers=headers)
    assert r.status_code == 200, f"GET /api/profile: expected 200, got {r.status_code}: {r.text}"
    return r


def preflight(
    client: httpx.Client, origin: str, method: str, headers: str | None = None
) -> httpx.Response:
    request_headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        request_headers["Access-Control-Request-Headers"] = headers
    return client.options("/api/notes/1", headers=request_headers)


def header_set(r: httpx.Response, name: str) -> set[str]:
    return {part.strip().lower() for part in r.headers.get(name, "").split(",") if part.strip()}


def assert_allowed(r: httpx.Response, origin: str) -> None:
    acao = r.headers.get("Access-Control-Allow-Origin")
    assert acao == origin, (
        f"Origin {origin}: expected Access-Control-Allow-Origin {origin!r}, got {acao!r}"
    )
    acac = r.headers.get("Access-Control-Allow-Credentials")
    assert acac == "true", (
        f"Origin {origin}: expected Access-Control-Allow-Credentials 'true', got {acac!r}"
    )


def assert_not_allowed(r: httpx.Response, origin: str) -> None:
    acao = r.headers.get("Access-Control-Allow-Origin")
    assert acao is None, (
        f"Origin {origin!r} must not be allowed, but the response has "
        f"Access-Control-Allow-Origin {acao!r}"
    )


# --- actual requests -------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_allowed_origins_get_credentials(client: httpx.Client) -> None:
    """The two front-end origins may read responses, with credentials"""
    for origin in (APP, ADMIN):
        r = get_profile(client, origin)
        assert_allowed(r, origin)
        assert "origin" in header_set(r, "Vary"), (
            f"Origin {origin}: expected Vary to include Origin (the answer depends on it), "
            f"got {r.headers.get('Vary')!r}"
        )


@pytest.mark.weight(3)
def test_other_origins_are_not_allowed(client: httpx.Client) -> None:
    """Any other origin gets no Access-Control-Allow-Origin (not even *)"""
    for origin in (
        "https://evil.example.net",
        "http://app.example.com",
        "https://app.example.com:8443",
        "https://app.example.com.evil.net",
        "null",
    ):
        assert_not_allowed(get_profile(client, origin), origin)


@pytest.mark.weight(1)
def test_requests_without_origin_work(client: httpx.Client) -> None:
    """Same-origin and non-browser requests (no Origin header) work as usual"""
    r = get_profile(client, None)
    assert r.json() == {"name": "Ada Lovelace"}, f"got {r.text}"
    assert "Access-Control-Allow-Origin" not in r.headers, "CORS headers without an Origin"


@pytest.mark.weight(1)
def test_request_id_is_exposed(client: httpx.Client) -> None:
    """The front end may read the X-Request-ID response header"""
    r = get_profile(client, APP)
    assert r.headers.get("X-Request-ID"), "the profile response has no X-Request-ID"
    exposed = header_set(r, "Access-Control-Expose-Headers")
    assert "x-request-id" in exposed, (
        f"expected X-Request-ID in Access-Control-Expose-Headers, got "
        f"{r.headers.get('Access-Control-Expose-Headers')!r}"
    )


@pytest.mark.weight(2)
def test_notes_work_cross_origin(client: httpx.Client) -> None:
    """Writes and their errors from an allowed origin carry the CORS headers too"""
    headers = {"Origin": ADMIN, "Authorization": "Bearer t0k3n"}
    r = client.post("/api/notes", json={"text": "buy milk"}, headers=headers)
    assert r.status_code == 201, f"POST /api/notes: expected 201, got {r.status_code}: {r.text}"
    note = r.json()
    assert note.get("text") == "buy milk" and isinstance(note.get("id"), int), f"got {note}"
    assert_allowed(r, ADMIN)
    r = client.patch(f"/api/notes/{note['id']}", json={"text": "buy oat milk"}, headers=headers)
    assert r.status_code == 200, f"PATCH: expected 200, got {r.status_code}: {r.text}"
    assert r.json() == {"id": note["id"], "text": "buy oat milk"}, f"PATCH returned {r.text}"
    r = client.delete(f"/api/notes/{note['id']}", headers=headers)
    assert r.status_code == 204, f"DELETE: expected 204, got {r.status_code}: {r.text}"
    assert_allowed(r, ADMIN)
    r = client.patch(f"/api/notes/{note['id']}", json={"text": "again"}, headers=headers)
    assert r.status_code == 404, f"PATCH a deleted note: expected 404, got {r.status_code}"
    assert_allowed(r, ADMIN)  # the front end must be able to read error bodies too
    for body, path in (({"text": ""}, "/api/notes"), ({"text": "x" * 501}, "/api/notes")):
        r = client.post(path, json=body, headers=headers)
        assert r.status_code == 422, f"text of {len(body['text'])} characters: expected 422"
        assert_allowed(r, ADMIN)
    r = client.patch("/api/notes/0", json={"text": "zero"}, headers=headers)
    assert r.status_code == 422, f"note id 0: expected 422, got {r.status_code}"


@pytest.mark.weight(2)
def test_preview_deployments(client: httpx.Client) -> None:
    """Preview deployments pr-<number> are allowed; look-alike origins are not"""
    for origin in (PREVIEW, "https://pr-7.preview.example.com"):
        assert_allowed(get_profile(client, origin), origin)
    for origin in (
        "http://pr-42.preview.example.com",
        "https://pr-42.preview.example.com.evil.net",
        "https://pr-42xpreview.example.com",
        "https://pr-.preview.example.com",
        "https://pr-42.preview.example.com:444",
        "https://evil-pr-42.preview.example.com",
        "https://pr-abc.preview.example.com",
        "https://pr-4a2.preview.example.com",
        "https://pr-1.2.preview.example.com",
        "https://pr-42.x.preview.example.com",
    ):
        assert_not_allowed(get_profile(client, origin), origin)


# --- preflight -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_preflight_allowed(client: httpx.Client) -> None:
    """A preflight for an allowed method and headers is approved, with credentials and max age"""
    r = preflight(client, APP, "PATCH", "authorization, content-type, x-request-id")
    assert r.status_code == 200, f"expected 200 for the preflight, got {r.status_code}: {r.text}"
    assert_allowed(r, APP)
    methods = header_set(r, "Access-Control-Allow-Methods")
    assert {"get", "post", "patch", "delete"} <= methods, (
        f"expected GET, POST, PATCH, DELETE in Access-Control-Allow-Methods, got {sorted(methods)}"
    )
    allowed = header_set(r, "Access-Control-Allow-Headers")
    assert {"authorization", "content-type", "x-request-id"} <= allowed, (
        f"expected Authorization, Content-Type, X-Request-ID in Access-Control-Allow-Headers, "
        f"got {sorted(allowed)}"
    )
    assert r.headers.get("Access-Control-Max-Age") == "600", (
        f"expected Access-Control-Max-Age 600, got {r.headers.get('Access-Control-Max-Age')!r}"
    )


@pytest.mark.weight(2)
def test_preflight_rejects_other_methods(client: httpx.Client) -> None:
    """A preflight for a method outside the list (PUT) is refused with 400"""
    r = preflight(client, APP, "PUT")
    assert r.status_code == 400, f"expected 400 for PUT, got {r.status_code}: {r.text}"
    methods = header_set(preflight(client, APP, "GET"), "Access-Control-Allow-Methods")
    assert "put" not in methods and "*" not in methods, (
        f"Access-Control-Allow-Methods should list only GET, POST, PATCH, DELETE; got {methods}"
    )


@pytest.mark.weight(1)
def test_preflight_rejects_other_headers(client: httpx.Client) -> None:
    """A preflight asking for a header outside the list is refused with 400"""
    r = preflight(client, APP, "POST", "content-type, x-debug-mode")
    assert r.status_code == 400, f"expected 400 for X-Debug-Mode, got {r.status_code}: {r.text}"


@pytest.mark.weight(2)
def test_preflight_rejects_other_origins(client: httpx.Client) -> None:
    """A preflight from an origin that is not allowed is refused"""
    for origin in ("https://evil.example.net", "null"):
        r = preflight(client, origin, "DELETE")
        assert r.status_code == 400, f"Origin {origin!r}: expected 400, got {r.status_code}"
        assert_not_allowed(r, origin)


# --- start-up guard --------------------------------------------------------------------------


EXPECTED_OUTCOMES = {
    "wildcard_with_credentials": "ValueError",
    "wildcard_among_origins_with_credentials": "ValueError",
    "wildcard_public": "ok",
    "explicit_with_credentials": "ok",
    "explicit_without_credentials": "ok",
}


def outcomes(service: Any) -> dict[str, str]:
    wait_until(lambda: len(service.outcomes) == len(service.configs), timeout_s=3.0)
    return dict(service.outcomes)


def assert_built(service: Any, name: str) -> None:
    got = outcomes(service).get(name)
    assert got == "ok", (
        f"create_app(Settings(**{service.configs[name]})) must return an app, got {got}")


@pytest.mark.weight(2)
def test_wildcard_with_credentials_fails_at_startup(client: httpx.Client, service: Any) -> None:
    """create_app refuses '*' with credentials, and accepts the safe configurations"""
    results = outcomes(service)
    wrong = {k: v for k, v in results.items() if EXPECTED_OUTCOMES.get(k) != v}
    assert not wrong and len(results) == len(EXPECTED_OUTCOMES), (
        f"create_app(Settings(...)) outcomes: expected {EXPECTED_OUTCOMES}, got {results}")
    for name in ("wildcard_with_credentials", "wildcard_among_origins_with_credentials"):
        service.serve(name)
        origin = "https://evil.example.net"
        r = client.get("/api/profile", headers={"Origin": origin, "Authorization": "Bearer x"})
        assert r.headers.get("Access-Control-Allow-Origin") is None, (
            f"the app create_app returned for {service.configs[name]} answered Origin {origin} "
            f"with Access-Control-Allow-Origin {r.headers.get('Access-Control-Allow-Origin')!r}")


@pytest.mark.weight(2)
def test_created_app_follows_its_origins(client: httpx.Client, service: Any) -> None:
    """The app create_app returns allows the origins of its settings, and not the defaults"""
    assert_built(service, "explicit_with_credentials")
    service.serve("explicit_with_credentials")
    partner = service.origins["partner"]
    assert_allowed(get_profile(client, partner), partner)
    assert_not_allowed(get_profile(client, APP), APP)
    r = preflight(client, partner, "DELETE", "authorization")
    assert r.status_code == 200, f"preflight from {partner}: expected 200, got {r.status_code}"
    assert_allowed(r, partner)


@pytest.mark.weight(2)
def test_created_app_follows_its_credentials(client: httpx.Client, service: Any) -> None:
    """Without credentials in the settings, the returned app does not allow credentials"""
    public_partner = service.origins["public_partner"]
    assert_built(service, "explicit_without_credentials")
    service.serve("explicit_without_credentials")
    r = get_profile(client, public_partner)
    acao = r.headers.get("Access-Control-Allow-Origin")
    assert acao == public_partner, (
        f"Origin {public_partner}: expected Access-Control-Allow-Origin {public_partner!r}, "
        f"got {acao!r}")
    acac = r.headers.get("Access-Control-Allow-Credentials")
    assert acac is None, (
        f"cors_allow_credentials=False: expected no Access-Control-Allow-Credentials, got {acac!r}")
    assert_built(service, "wildcard_public")
    service.serve("wildcard_public")
    for origin in ("https://anyone.example.net", APP):
        r = get_profile(client, origin)
        acao = r.headers.get("Access-Control-Allow-Origin")
        assert acao in ("*", origin), (
            f"cors_origins=['*'] without credentials: Origin {origin} should be allowed, "
            f"got Access-Control-Allow-Origin {acao!r}")
        acac = r.headers.get("Access-Control-Allow-Credentials")
        assert acac is None, (
            f"cors_origins=['*'] without credentials: expected no "
            f"Access-Control-Allow-Credentials, got {acac!r}")
