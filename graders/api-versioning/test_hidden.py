"""Hidden tests: API versioning with /v1 and /v2 routers and header negotiation (black box)."""

from __future__ import annotations

import httpx
import pytest
from crucible_checks import json_body

PEOPLE = [
    (1, "Ada", "Lovelace"),
    (2, "Alan", "Turing"),
    (3, "Grace", "Hopper"),
    (4, "Edsger", "Dijkstra"),
    (5, "Barbara", "Liskov"),
]
V1 = [{"id": i, "name": f"{first} {last}"} for i, first, last in PEOPLE]
V2 = [
    {"id": i, "first_name": first, "last_name": last, "email": f"{first.lower()}@example.com"}
    for i, first, last in PEOPLE
]
V2_LIST = {"data": V2, "meta": {"total": 5}}
DEPRECATION = "@1767225600"
SUNSET = "Wed, 01 Jul 2026 00:00:00 GMT"
UNKNOWN = 404_404


def get(client: httpx.Client, path: str, status: int = 200, **headers: str) -> httpx.Response:
    r = client.get(path, headers=headers)
    assert r.status_code == status, (
        f"GET {path} {headers or ''}: expected {status}, got {r.status_code}: {r.text[:200]}"
    )
    return r


def assert_deprecated(r: httpx.Response, what: str) -> None:
    got = (r.headers.get("Deprecation"), r.headers.get("Sunset"))
    assert got == (DEPRECATION, SUNSET), (
        f"{what}: expected Deprecation: {DEPRECATION} and Sunset: {SUNSET}, got {got}"
    )


def assert_not_deprecated(r: httpx.Response, what: str) -> None:
    got = (r.headers.get("Deprecation"), r.headers.get("Sunset"))
    assert got == (None, None), f"{what}: a v2 response must not be deprecated, got {got}"


def assert_negotiated(r: httpx.Response, version: str, what: str) -> None:
    served = r.headers.get_list("X-API-Version")
    assert served == [version], f"{what}: expected X-API-Version: {version}, got {served}"
    vary = [v.strip().lower() for v in r.headers.get("Vary", "").split(",")]
    assert "x-api-version" in vary, (
        f"{what}: expected Vary to name X-API-Version (caches must key on it), "
        f"got {r.headers.get('Vary')!r}"
    )


@pytest.mark.weight(2)
def test_v1_shape(client: httpx.Client) -> None:
    """/v1 keeps the old shape: a bare list of {id, name}, and single users as {id, name}"""
    assert json_body(get(client, "/v1/users")) == V1, "GET /v1/users: wrong body"
    body = json_body(get(client, "/v1/users/3"))
    assert body == V1[2], f"GET /v1/users/3: expected {V1[2]}, got {body}"


@pytest.mark.weight(3)
def test_v2_list_shape(client: httpx.Client) -> None:
    """/v2/users wraps the users in data and adds meta.total"""
    body = json_body(get(client, "/v2/users"))
    assert body == V2_LIST, f"GET /v2/users: expected {V2_LIST}, got {body}"[:700]


@pytest.mark.weight(2)
def test_v2_single_shape(client: httpx.Client) -> None:
    """/v2/users/{id} returns first_name, last_name and email"""
    body = json_body(get(client, "/v2/users/4"))
    assert body == V2[3], f"GET /v2/users/4: expected {V2[3]}, got {body}"


@pytest.mark.weight(2)
def test_unknown_user_404(client: httpx.Client) -> None:
    """An unknown user is a 404 in every version"""
    for path, headers in (
        (f"/v1/users/{UNKNOWN}", {}),
        (f"/v2/users/{UNKNOWN}", {}),
        (f"/users/{UNKNOWN}", {}),
        (f"/users/{UNKNOWN}", {"X-API-Version": "1"}),
    ):
        body = json_body(get(client, path, 404, **headers))
        assert body == {"detail": "User not found"}, f"GET {path} {headers}: got {body}"


@pytest.mark.weight(3)
def test_v1_deprecation_headers(client: httpx.Client) -> None:
    """Every /v1 response says it is deprecated (Deprecation and Sunset); /v2 responses do not"""
    for path in ("/v1/users", "/v1/users/1"):
        assert_deprecated(get(client, path), f"GET {path}")
    for path in ("/v2/users", "/v2/users/1"):
        assert_not_deprecated(get(client, path), f"GET {path}")


@pytest.mark.weight(2)
def test_v1_errors_are_deprecated_too(client: httpx.Client) -> None:
    """/v1 error responses (404 and 422) carry the deprecation headers as well"""
    assert_deprecated(get(client, f"/v1/users/{UNKNOWN}", 404), "404 from /v1")
    r = get(client, "/v1/users/abc", 422)
    assert_deprecated(r, "422 from /v1")
    locs = [e.get("loc") for e in json_body(r).get("detail", [])]
    assert ["path", "user_id"] in locs, f"expected a 422 at ['path', 'user_id'], got {locs}"


@pytest.mark.weight(2)
def test_negotiated_default_is_v2(client: httpx.Client) -> None:
    """/users without X-API-Version answers in the v2 shape and says so"""
    r = get(client, "/users")
    assert json_body(r) == V2_LIST, f"GET /users: expected the v2 list, got {r.text[:300]}"
    assert_negotiated(r, "2", "GET /users")
    assert_not_deprecated(r, "GET /users")
    one = get(client, "/users/5", **{"X-API-Version": "2"})
    assert json_body(one) == V2[4], f"GET /users/5 (version 2): expected {V2[4]}, got {one.text}"
    assert_negotiated(one, "2", "GET /users/5 (version 2)")


@pytest.mark.weight(2)
def test_negotiated_v1(client: httpx.Client) -> None:
    """X-API-Version: 1 gets the v1 shape, deprecation headers included"""
    r = get(client, "/users", **{"X-API-Version": "1"})
    assert json_body(r) == V1, f"GET /users (version 1): expected the v1 list, got {r.text[:300]}"
    assert_negotiated(r, "1", "GET /users (version 1)")
    assert_deprecated(r, "GET /users (version 1)")
    one = get(client, "/users/2", **{"X-API-Version": "1"})
    assert json_body(one) == V1[1], f"GET /users/2 (version 1): expected {V1[1]}, got {one.text}"
    assert_deprecated(one, "GET /users/2 (version 1)")
    missing = get(client, f"/users/{UNKNOWN}", 404, **{"X-API-Version": "1"})
    assert_negotiated(missing, "1", "404 with version 1")
    assert_deprecated(missing, "404 with version 1")


@pytest.mark.weight(1)
def test_unsupported_version_422(client: httpx.Client) -> None:
    """An unsupported X-API-Version is a 422 on that header"""
    for value in ("3", "v2", "2.0"):
        r = get(client, "/users", 422, **{"X-API-Version": value})
        locs = [e.get("loc") for e in json_body(r).get("detail", [])]
        # header names are case-insensitive: an alias="X-API-Version" locates it as written
        lowered = [[str(part).lower() for part in loc] for loc in locs if isinstance(loc, list)]
        assert ["header", "x-api-version"] in lowered, (
            f"X-API-Version: {value}: expected an error at ['header', 'x-api-version'], got {locs}"
        )


@pytest.mark.weight(1)
def test_openapi_marks_v1_deprecated(client: httpx.Client) -> None:
    """The OpenAPI schema marks the /v1 operations as deprecated, and only those"""
    spec = json_body(get(client, "/openapi.json"))
    paths = spec.get("paths", {})
    for path in ("/v1/users", "/v1/users/{user_id}", "/v2/users", "/v2/users/{user_id}"):
        operation = paths.get(path, {}).get("get")
        assert operation is not None, f"/openapi.json has no GET {path}"
        expected = path.startswith("/v1/")
        got = operation.get("deprecated", False)
        assert got is expected, f"GET {path}: expected deprecated={expected}, got {got}"
