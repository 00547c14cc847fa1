"""Hidden tests: static files, response classes and a mounted app (black box, over HTTP)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from crucible_checks import expect_status, json_body

STYLE_CSS = "body { font-family: system-ui, sans-serif; margin: 2rem; }\nh1 { color: #0b7285; }\n"
REPORT_CSV = "service,status\napi,up\ndatabase,up\nsearch,degraded\n"
GUIDE_TXT = (
    "Status page guide\n=================\n\n"
    "The status page shows whether each service is up.\n"
    "The CSV report lists every service with its status.\n"
)
STATIC_FILES = ["docs/guide.txt", "report.csv", "style.css"]
STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet[\"']?[^>]*>", re.IGNORECASE)
HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _media_type(r: httpx.Response) -> str:
    return r.headers.get("content-type", "").split(";")[0].strip().lower()


def _assert_media(r: httpx.Response, expected: str, what: str) -> None:
    assert _media_type(r) == expected, (
        f"{what}: expected Content-Type {expected}, got {r.headers.get('content-type')!r}"
    )


def _not_source(r: httpx.Response, what: str) -> None:
    leak = " (the application's source code is being served!)" if "FastAPI" in r.text else ""
    assert r.status_code == 404, (
        f"{what}: expected 404, got {r.status_code}{leak}: {r.text[:120]!r}"
    )


@pytest.mark.weight(3)
def test_static_file(client: httpx.Client) -> None:
    """A file of the static folder is served under /static with its content type"""
    r = client.get("/static/style.css")
    expect_status(r, 200, "GET /static/style.css")
    _assert_media(r, "text/css", "GET /static/style.css")
    assert r.text == STYLE_CSS, f"GET /static/style.css: got {r.text[:200]!r}"


@pytest.mark.weight(1)
def test_static_subfolder(client: httpx.Client) -> None:
    """Files in subfolders of the static folder are served too"""
    r = client.get("/static/docs/guide.txt")
    expect_status(r, 200, "GET /static/docs/guide.txt")
    _assert_media(r, "text/plain", "GET /static/docs/guide.txt")
    assert r.text == GUIDE_TXT, f"GET /static/docs/guide.txt: got {r.text[:200]!r}"


@pytest.mark.weight(1)
def test_missing_static_file(client: httpx.Client) -> None:
    """A static file that does not exist is a 404"""
    for path in ("/static/missing.css", "/static/docs/nothing.txt"):
        expect_status(client.get(path), 404, f"GET {path}")


@pytest.mark.weight(2)
def test_source_is_not_served(client: httpx.Client) -> None:
    """Nothing outside the static folder can be fetched through /static"""
    _not_source(client.get("/static/solution.py"), "GET /static/solution.py")
    for raw in ("/static/..%2Fsolution.py", "/static/docs/..%2F..%2Fsolution.py"):
        request = client.build_request("GET", "/")
        request.url = request.url.copy_with(raw_path=raw.encode())
        _not_source(client.send(request), f"GET {raw}")


@pytest.mark.weight(2)
def test_home_page_is_html(client: httpx.Client) -> None:
    """GET / is an HTML page with the heading"""
    r = client.get("/")
    expect_status(r, 200, "GET /")
    _assert_media(r, "text/html", "GET /")
    assert "<h1>All systems operational</h1>" in r.text, (
        f"GET /: expected <h1>All systems operational</h1> in the page, got {r.text[:300]!r}"
    )


@pytest.mark.weight(2)
def test_home_page_links_the_stylesheet(client: httpx.Client, base_url: str) -> None:
    """The page links the stylesheet at its /static URL"""
    r = client.get("/")
    expect_status(r, 200, "GET /")
    links = STYLESHEET.findall(r.text)
    assert links, f'GET /: expected a <link rel="stylesheet" href=...>, got {r.text[:300]!r}'
    hrefs = [m.group(1) for m in (HREF.search(link) for link in links) if m]
    assert hrefs, f"GET /: the stylesheet link has no href: {links}"
    url = urljoin(base_url + "/", hrefs[0])
    assert urlsplit(url).path == "/static/style.css", (
        f"expected the stylesheet href to point at /static/style.css, got {hrefs[0]!r}"
    )
    css = client.get(url)
    expect_status(css, 200, f"GET the stylesheet at {hrefs[0]}")
    assert css.text == STYLE_CSS, "the linked stylesheet is not static/style.css"


@pytest.mark.weight(1)
def test_home_page_documented_as_html(client: httpx.Client) -> None:
    """The OpenAPI schema documents GET / as a text/html response"""
    r = client.get("/openapi.json")
    expect_status(r, 200, "GET /openapi.json")
    op = json_body(r).get("paths", {}).get("/", {}).get("get")
    assert isinstance(op, dict), "the schema has no GET /"
    content = op.get("responses", {}).get("200", {}).get("content", {})
    assert "text/html" in content, (
        f"GET /: expected a documented text/html 200 response, got {sorted(content)}"
    )


@pytest.mark.weight(1)
def test_healthz_plain_text(client: httpx.Client) -> None:
    """GET /healthz answers the plain text ok"""
    r = client.get("/healthz")
    expect_status(r, 200, "GET /healthz")
    _assert_media(r, "text/plain", "GET /healthz")
    assert r.text == "ok", f"GET /healthz: expected the text 'ok', got {r.text[:100]!r}"


@pytest.mark.weight(2)
def test_permanent_redirect(client: httpx.Client, base_url: str) -> None:
    """GET /home is a permanent redirect (308) to /"""
    r = client.get("/home")
    expect_status(r, 308, "GET /home")
    location = r.headers.get("location")
    assert location is not None, "GET /home: a redirect without a Location header"
    assert urljoin(base_url + "/home", location) == base_url + "/", (
        f"GET /home: expected Location / (or {base_url}/), got {location!r}"
    )


@pytest.mark.weight(2)
def test_report_download(client: httpx.Client) -> None:
    """GET /download/report sends the CSV report as an attachment"""
    r = client.get("/download/report")
    expect_status(r, 200, "GET /download/report")
    _assert_media(r, "text/csv", "GET /download/report")
    disposition = r.headers.get("content-disposition", "")
    assert disposition.lower().startswith("attachment") and (
        'filename="status-report.csv"' in disposition
    ), (
        'expected Content-Disposition: attachment; filename="status-report.csv", '
        f"got {disposition!r}"
    )
    assert r.text == REPORT_CSV, f"GET /download/report: got {r.text[:200]!r}"


@pytest.mark.weight(2)
def test_admin_app_route(client: httpx.Client) -> None:
    """The admin app answers under /admin"""
    r = client.get("/admin/stats")
    expect_status(r, 200, "GET /admin/stats")
    assert json_body(r) == {"static_files": STATIC_FILES}, (
        f"expected {{'static_files': {STATIC_FILES}}}, got {r.text[:200]}"
    )


@pytest.mark.weight(2)
def test_admin_app_is_mounted(client: httpx.Client) -> None:
    """The admin app has its own schema and docs under /admin"""
    r = client.get("/admin/openapi.json")
    expect_status(r, 200, "GET /admin/openapi.json")
    schema = json_body(r)
    title = schema.get("info", {}).get("title")
    assert title == "Admin", f"/admin/openapi.json: expected the title 'Admin', got {title!r}"
    assert "/stats" in schema.get("paths", {}), (
        f"/admin/openapi.json: expected the path /stats, got {sorted(schema.get('paths', {}))}"
    )
    docs = client.get("/admin/docs")
    expect_status(docs, 200, "GET /admin/docs")
    assert "/admin/openapi.json" in docs.text, "GET /admin/docs does not load /admin/openapi.json"


@pytest.mark.weight(1)
def test_main_schema_excludes_mounts(client: httpx.Client) -> None:
    """The main schema lists the main app's routes, not the admin app or the static files"""
    r = client.get("/openapi.json")
    expect_status(r, 200, "GET /openapi.json")
    paths = sorted(json_body(r).get("paths", {}))
    leaked = [p for p in paths if p.startswith(("/admin", "/static"))]
    assert not leaked, f"expected no /admin or /static path in /openapi.json, got {leaked}"
    missing = [p for p in ("/", "/healthz", "/home", "/download/report") if p not in paths]
    assert not missing, f"/openapi.json: missing {missing}; it has {paths}"
