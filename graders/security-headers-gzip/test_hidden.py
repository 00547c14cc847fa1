"""Hidden tests: security headers, trusted hosts, GZip and middleware order (black box)."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest
from crucible_checks import json_body

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
REPORT = {"rows": [{"id": i, "name": f"row-{i:04d}", "value": i * 7 % 101} for i in range(200)]}


def raw_get(
    client: httpx.Client, path: str, headers: dict[str, str]
) -> tuple[httpx.Response, bytes]:
    """GET without letting httpx decompress: the response and the bytes on the wire."""
    with client.stream("GET", path, headers=headers) as r:
        raw = b"".join(r.iter_raw())
    return r, raw


def assert_security_headers(r: httpx.Response, what: str, **expected: str) -> None:
    wanted = {**SECURITY_HEADERS, **{k.replace("_", "-"): v for k, v in expected.items()}}
    got = {name: r.headers.get(name) for name in wanted}
    assert got == wanted, f"{what} ({r.status_code}): expected the headers {wanted}, got {got}"


@pytest.mark.weight(3)
def test_headers_on_success(client: httpx.Client) -> None:
    """Successful responses carry the four security headers"""
    for path in ("/health", "/report", "/text?size=10"):
        r = client.get(path)
        assert r.status_code == 200, f"GET {path}: expected 200, got {r.status_code}"
        assert_security_headers(r, f"GET {path}")


@pytest.mark.weight(3)
def test_headers_on_errors(client: httpx.Client) -> None:
    """404, 405 and 422 responses carry the security headers too"""
    cases = [
        ("GET", "/no-such-page", 404),
        ("POST", "/health", 405),
        ("GET", "/text?size=abc", 422),
        ("GET", "/text", 422),
        ("GET", "/text?size=0", 422),
        ("GET", "/text?size=100001", 422),
    ]
    for method, path, status in cases:
        r = client.request(method, path)
        assert r.status_code == status, f"{method} {path}: expected {status}, got {r.status_code}"
        assert_security_headers(r, f"{method} {path}")


@pytest.mark.weight(3)
def test_unhandled_error_is_a_safe_500(client: httpx.Client) -> None:
    """An unhandled exception is a 500 that reveals nothing and still has the headers"""
    r = client.get("/boom")
    assert r.status_code == 500, f"GET /boom: expected 500, got {r.status_code}"
    assert "hunter2" not in r.text and "Traceback" not in r.text, (
        f"the 500 leaks the exception: {r.text[:300]}"
    )
    assert json_body(r) == {"detail": "Internal Server Error"}, (
        f"expected {{'detail': 'Internal Server Error'}}, got {r.text[:200]}"
    )
    assert_security_headers(r, "GET /boom")


@pytest.mark.weight(3)
def test_trusted_hosts(client: httpx.Client) -> None:
    """Only the allowed hosts are served; any other Host header is a 400"""
    for host in ("api.example.com", "shop.example.com", "a.b.example.com", "localhost:8000"):
        r = client.get("/health", headers={"Host": host})
        assert r.status_code == 200, f"Host: {host}: expected 200, got {r.status_code}"
    for host in ("evil.test", "example.com", "evil-example.com", "example.com.evil.test"):
        r = client.get("/health", headers={"Host": host})
        assert r.status_code == 400, f"Host: {host}: expected 400, got {r.status_code}"


@pytest.mark.weight(2)
def test_bad_host_400_has_headers(client: httpx.Client) -> None:
    """The 400 for a bad Host also carries the security headers (middleware order)"""
    r = client.get("/health", headers={"Host": "evil.test"})
    assert r.status_code == 400, f"Host: evil.test: expected 400, got {r.status_code}"
    assert_security_headers(r, "GET /health with Host: evil.test")


@pytest.mark.weight(1)
def test_route_header_wins(client: httpx.Client) -> None:
    """A header the route sets itself is kept; the others are still added"""
    r = client.get("/embed")
    assert r.status_code == 200, f"GET /embed: expected 200, got {r.status_code}"
    assert_security_headers(r, "GET /embed", X_Frame_Options="SAMEORIGIN")


@pytest.mark.weight(3)
def test_large_response_gzipped(client: httpx.Client) -> None:
    """A large response is gzip-compressed when the client accepts gzip"""
    r, raw = raw_get(client, "/report", GZIP)
    assert r.status_code == 200, f"GET /report: expected 200, got {r.status_code}"
    assert r.headers.get("Content-Encoding") == "gzip", (
        f"expected Content-Encoding: gzip, got {r.headers.get('Content-Encoding')!r}"
    )
    assert "accept-encoding" in r.headers.get("Vary", "").lower(), (
        f"expected Vary to include Accept-Encoding, got {r.headers.get('Vary')!r}"
    )
    try:
        body = json.loads(gzip.decompress(raw))
    except (OSError, ValueError) as exc:
        pytest.fail(f"the body is not gzip-compressed JSON: {exc}", pytrace=False)
    assert body == REPORT, "the decompressed report differs from the expected rows"
    assert_security_headers(r, "GET /report (gzip)")


@pytest.mark.weight(2)
def test_gzip_threshold(client: httpx.Client) -> None:
    """Responses under 1000 bytes are sent uncompressed; from 1000 bytes they are compressed"""
    for size, compressed in ((200, False), (600, False), (999, False), (1000, True), (5000, True)):
        r, _ = raw_get(client, f"/text?size={size}", GZIP)
        encoding = r.headers.get("Content-Encoding")
        expected = "gzip" if compressed else None
        assert encoding == expected, (
            f"a {size}-byte response: expected Content-Encoding {expected!r}, got {encoding!r}"
        )


@pytest.mark.weight(2)
def test_no_gzip_unless_accepted(client: httpx.Client) -> None:
    """Without Accept-Encoding: gzip the response is not compressed"""
    r, raw = raw_get(client, "/report", IDENTITY)
    assert r.status_code == 200, f"GET /report: expected 200, got {r.status_code}"
    assert r.headers.get("Content-Encoding") is None, (
        f"expected no Content-Encoding, got {r.headers.get('Content-Encoding')!r}"
    )
    assert json.loads(raw) == REPORT, "the report differs from the expected rows"
