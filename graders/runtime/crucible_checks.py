"""Checks shared by the hidden and example tests over HTTP and WebSocket, one copy for the
whole library (the grader's process has graders/runtime on its PYTHONPATH):

    from crucible_checks import expect_status, json_body, ws_connect, ws_receive_json

Each failure is a `pytest.fail` with a message a candidate's reviewer can read (no traceback).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from crucible_link import wait_until

__all__ = ["expect_status", "json_body", "wait_until", "ws_connect", "ws_expect_close",
           "ws_receive_json", "ws_send_json"]

WS_TIMEOUT_S = 5.0


def json_body(r: httpx.Response) -> Any:
    """The response's JSON, or a failed test saying what came instead."""
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


def expect_status(r: httpx.Response, expected: int, what: str, hint: str = "") -> None:
    """`hint`, when given, stands right after the status received in the failure (for
    example " (a redirect to ...)"), so it should start with a space."""
    assert r.status_code == expected, (
        f"{what}: expected {expected}, got {r.status_code}{hint}: {r.text[:200]}")


def ws_url(base_url: str, path: str) -> str:
    return "ws" + base_url.removeprefix("http") + path


@contextmanager
def ws_connect(base_url: str, path: str, *, hint: str = "", **options: Any) -> Iterator[Any]:
    """A WebSocket client connection to the candidate's app (websockets' sync client);
    a refused handshake fails the test with the status the app answered, followed by
    `hint` when given (what the app should do instead)."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    try:
        ws = connect(ws_url(base_url, path), open_timeout=WS_TIMEOUT_S, **options)
    except InvalidStatus as exc:
        pytest.fail(f"the WebSocket handshake to {path} was refused with "
                    f"{exc.response.status_code}{'; ' + hint if hint else ''}", pytrace=False)
    with ws:
        yield ws


def ws_send_json(ws: Any, message: Any) -> None:
    ws.send(message if isinstance(message, str) else json.dumps(message))


def ws_receive_json(ws: Any, what: str, timeout_s: float = WS_TIMEOUT_S,
                    on_timeout: Callable[[], None] | None = None) -> dict[str, Any]:
    """The next message as a JSON object, or a failed test: none in time, the connection
    closed, not JSON, not an object. `on_timeout`, when given, is called before failing for
    want of a message (for example, to shorten the waits of the tests that follow)."""
    from websockets.exceptions import ConnectionClosed

    try:
        raw = ws.recv(timeout=timeout_s)
    except TimeoutError:
        if on_timeout is not None:
            on_timeout()
        pytest.fail(f"{what}: no message within {timeout_s:g}s", pytrace=False)
    except ConnectionClosed as exc:
        pytest.fail(f"{what}: the server closed the connection ({exc.rcvd})", pytrace=False)
    try:
        message = json.loads(raw)
    except (TypeError, ValueError):
        pytest.fail(f"{what}: expected a JSON text message, got {raw!r:.200}", pytrace=False)
    assert isinstance(message, dict), f"{what}: expected a JSON object, got {message!r:.200}"
    return message


def ws_expect_close(ws: Any, code: int, what: str, timeout_s: float = WS_TIMEOUT_S,
                    on_timeout: Callable[[], None] | None = None) -> None:
    """The server closes the connection with `code` before sending anything else
    (`on_timeout` as for ws_receive_json)."""
    from websockets.exceptions import ConnectionClosed

    try:
        got = ws.recv(timeout=timeout_s)
    except TimeoutError:
        if on_timeout is not None:
            on_timeout()
        pytest.fail(f"{what}: expected the server to close with {code}, it stayed open",
                    pytrace=False)
    except ConnectionClosed as exc:
        received = exc.rcvd.code if exc.rcvd is not None else None
        assert received == code, f"{what}: expected close code {code}, got {received}"
        return
    pytest.fail(f"{what}: expected close code {code}, got a message {got!r:.200}",
                pytrace=False)
