"""Pytest plugin loaded by the grader process in the sandbox (and by local runs).

It gives hidden and example tests their fixtures (`client`, `base_url`, `service`),
starts the challenge's grader-owned service (crucible_link.py) when the run has one, reads each
test's weight (`@pytest.mark.weight(n)`) and title (first docstring line), and writes one JSON
report to the file descriptor named by CRUCIBLE_REPORT_FD (or the path in CRUCIBLE_REPORT_PATH).
The candidate's process never sees that descriptor.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

MESSAGE_LIMIT = 2000
# What a test reads of one response body, after decoding (a gzip bomb counts as what it inflates
# to): past it the test fails; the grader never holds an unbounded body in memory.
BODY_LIMIT = 8 * 1024 * 1024
_results: dict[str, dict[str, Any]] = {}
_order: list[str] = []


def _base_url() -> str:
    return os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")


SERVICE_MODULE_ENV = "CRUCIBLE_SERVICE_MODULE"
_service: list[Any] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "weight(n): how much this test counts towards the score")
    _start_service()


def _start_service() -> None:
    """Loads the challenge's `Service` (graders/<slug>/service.py) into this process and serves
    its exposed methods to the app. First thing at start-up: the app may already be waiting."""
    path = os.environ.get(SERVICE_MODULE_ENV)
    socket_path = os.environ.get("CRUCIBLE_SERVICE_SOCKET")
    if not path or not socket_path or _service:
        return
    import crucible_link

    module = crucible_link.load_module("crucible_service", path)
    service = module.Service()
    crucible_link.serve(service, socket_path)
    _service.append(service)


def _wait_for_app(deadline_s: float) -> None:
    """Block until the candidate's app accepts TCP connections (it starts in parallel)."""
    url = httpx.URL(_base_url())
    host, port = url.host, url.port or 80
    end = time.monotonic() + deadline_s
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.01)


def pytest_sessionstart(session: pytest.Session) -> None:
    if "CRUCIBLE_BASE_URL" in os.environ:  # unset when a conftest serves the app in-process
        _wait_for_app(float(os.environ.get("CRUCIBLE_STARTUP_S", "8")))


@pytest.fixture
def base_url() -> str:
    return _base_url()


class ResponseTooLarge(AssertionError):
    """The app sent a body larger than a test reads: the test fails, the grader carries on."""


class _CappedResponse(httpx.Response):
    """A response whose decoded body is read up to BODY_LIMIT bytes (read(), text, json() and
    the streaming iterators all go through iter_bytes)."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        total = 0
        for chunk in super().iter_bytes(chunk_size):
            total += len(chunk)
            if total > BODY_LIMIT:
                self.close()
                raise ResponseTooLarge(
                    f"the response body is larger than {BODY_LIMIT // (1024 * 1024)} MiB "
                    "(decoded); the tests read no more than that")
            yield chunk


class _GraderTransport(httpx.HTTPTransport):
    """Caps what a test reads of each response, and sends a request once more when the app
    closed a pooled connection before reading it (uvicorn closes the connection after an app's
    unhandled-error 500, and the next test may pick that connection from the pool before the
    close arrives). The request then ends with no response at all, "disconnected without
    sending" or a reset, and never reached the app; without the retry a test's result would
    depend on that race."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._send(request)
        return _CappedResponse(status_code=response.status_code, headers=response.headers,
                               stream=response.stream, extensions=response.extensions,
                               request=request)

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except httpx.RemoteProtocolError as exc:
            if "without sending" not in str(exc):
                raise
        except httpx.ReadError as exc:
            if "reset" not in str(exc).lower():
                raise
        return super().handle_request(request)


@pytest.fixture(scope="session")
def _transport() -> Iterator[httpx.HTTPTransport]:
    """One connection pool for the session: a new client per test would build a new TLS
    context each time (tens of milliseconds), though the app is plain HTTP on loopback."""
    transport = _GraderTransport(verify=False)
    yield transport
    transport.close()


def _client(base_url: str, transport: httpx.HTTPTransport) -> httpx.Client:
    # Not closed per test: closing a client closes the shared transport.
    return httpx.Client(base_url=base_url, transport=transport, timeout=5.0,
                        follow_redirects=False, trust_env=False)


@pytest.fixture
def client(base_url: str, _transport: httpx.HTTPTransport) -> httpx.Client:
    """An HTTP client bound to the candidate's running app (fresh cookies for each test)."""
    return _client(base_url, _transport)


@pytest.fixture
def service() -> Any:
    """The challenge's grader-owned service, in this process (reset before each test): what
    the app did is read back here, never through the app."""
    if not _service:
        pytest.fail("this challenge has no grader service", pytrace=False)
    reset = getattr(_service[0], "reset", None)
    if reset is not None:
        reset()
    return _service[0]


def _title(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    first = doc.strip().splitlines()[0].strip() if doc.strip() else ""
    return first or item.name.removeprefix("test_").replace("_", " ")


def _weight(item: pytest.Item) -> float:
    marker = item.get_closest_marker("weight")
    if marker is None or not marker.args:
        return 1.0
    return float(marker.args[0])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        _order.append(item.nodeid)
        _results[item.nodeid] = {
            "id": item.nodeid.split("::", 1)[-1],
            "title": _title(item),
            "weight": _weight(item),
            "passed": False,
            "message": "not run",
        }


def _message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text[:MESSAGE_LIMIT]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _results.get(report.nodeid)
    if entry is None:
        return
    if report.when == "call" and report.passed:
        entry.update(passed=True, message="")
    elif report.failed:
        entry.update(passed=False, message=_message(report))
    elif report.skipped and report.when != "teardown":
        entry.update(passed=False, message="skipped")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    report = {
        "exitstatus": int(exitstatus),
        "collected": len(_order),
        "tests": [_results[nodeid] for nodeid in _order],
    }
    data = json.dumps(report).encode()
    fd = os.environ.get("CRUCIBLE_REPORT_FD")
    path = os.environ.get("CRUCIBLE_REPORT_PATH")
    if fd:
        with os.fdopen(int(fd), "wb") as out:
            out.write(data)
    elif path:
        with open(path, "wb") as out:
            out.write(data)
