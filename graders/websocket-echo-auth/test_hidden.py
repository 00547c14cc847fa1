"""Hidden tests: WebSocket echo with first-message authentication (black box, over WebSocket).

Each test opens its own connections with `websockets.sync.client.connect` and closes them. The
presence tests use users no other test logs in as (carol, dave), and wait for the server to
notice a disconnect by polling GET /presence for at most a few seconds.
"""

from __future__ import annotations

import json
import time
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
from crucible_checks import (
    wait_until,
    ws_connect,
    ws_expect_close,
    ws_receive_json,
    ws_send_json,
)
from websockets.sync.client import ClientConnection

ALICE, BOB, CAROL, DAVE = "tok-alice-7Q2", "tok-bob-K9d", "tok-carol-x4M", "tok-dave-P0z"
RECV_TIMEOUT_S = 3.0


def opened(base_url: str) -> AbstractContextManager[ClientConnection]:
    return ws_connect(
        base_url, "/ws", close_timeout=2,
        hint="accept the connection first, then authenticate and close with 1008 if needed",
    )


def recv(ws: ClientConnection, what: str) -> dict[str, Any]:
    return ws_receive_json(ws, what, RECV_TIMEOUT_S)


def expect_close(ws: ClientConnection, code: int, what: str) -> None:
    ws_expect_close(ws, code, what, RECV_TIMEOUT_S)


def login(ws: ClientConnection, token: str, user: str) -> None:
    ws_send_json(ws, {"type": "auth", "token": token})
    welcome = recv(ws, "welcome")
    assert welcome == {"type": "welcome", "user": user}, (
        f"expected {{'type': 'welcome', 'user': {user!r}}}, got {welcome}"
    )


def online(client: httpx.Client) -> list[str]:
    r = client.get("/presence")
    assert r.status_code == 200, f"GET /presence: expected 200, got {r.status_code}"
    return r.json()["online"]


def wait_for(client: httpx.Client, predicate: Any, what: str, timeout_s: float = 3.0) -> None:
    seen: list[list[str]] = []

    def holds() -> bool:
        seen.append(online(client))
        return predicate(seen[-1])

    if not wait_until(holds, timeout_s, interval_s=0.02):
        pytest.fail(f"{what}: GET /presence still says {seen[-1]} after {timeout_s:g}s",
                    pytrace=False)


# --- authentication ----------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_valid_token_is_welcomed(base_url: str) -> None:
    """A valid auth message is answered with a welcome naming the user"""
    with opened(base_url) as ws:
        login(ws, ALICE, "alice")


@pytest.mark.weight(3)
def test_bad_token_closes_1008(base_url: str) -> None:
    """An unknown token closes the connection with code 1008, without a welcome"""
    with opened(base_url) as ws:
        ws_send_json(ws, {"type": "auth", "token": "tok-mallory"})
        expect_close(ws, 1008, "unknown token")


@pytest.mark.weight(2)
def test_first_message_must_be_auth(base_url: str) -> None:
    """Anything but an auth message first closes the connection with 1008"""
    with opened(base_url) as ws:
        ws_send_json(ws, {"type": "echo", "text": "let me in"})
        expect_close(ws, 1008, "echo before auth")
    with opened(base_url) as ws:
        ws_send_json(ws, "tok-alice-7Q2")
        expect_close(ws, 1008, "a bare token that is not JSON")
    with opened(base_url) as ws:
        ws_send_json(ws, {"type": "hello", "token": ALICE})
        expect_close(ws, 1008, "a valid token in a message whose type is not auth")


@pytest.mark.weight(1)
def test_malformed_auth_closes_1008(base_url: str) -> None:
    """An auth message without a string token closes with 1008"""
    for bad in ({"type": "auth"}, {"type": "auth", "token": 42}, ["auth", ALICE]):
        with opened(base_url) as ws:
            ws_send_json(ws, json.dumps(bad))
            expect_close(ws, 1008, f"first message {bad}")


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_echo_numbers_messages(base_url: str) -> None:
    """Echo messages come back with the user and a sequence number from 1"""
    with opened(base_url) as ws:
        login(ws, BOB, "bob")
        for seq, text in enumerate(["hello", "héllo ✓", ""], start=1):
            ws_send_json(ws, {"type": "echo", "text": text})
            got = recv(ws, f"echo {seq}")
            expected = {"type": "echo", "text": text, "user": "bob", "seq": seq}
            assert got == expected, f"echo {seq}: expected {expected}, got {got}"


@pytest.mark.weight(2)
def test_sequence_is_per_connection(base_url: str) -> None:
    """Each connection numbers its own echoes; pings and errors do not count"""
    with opened(base_url) as first, opened(base_url) as second:
        login(first, ALICE, "alice")
        login(second, ALICE, "alice")
        ws_send_json(first, {"type": "echo", "text": "a"})
        assert recv(first, "first echo").get("seq") == 1
        ws_send_json(first, {"type": "ping"})
        recv(first, "pong")
        ws_send_json(first, {"type": "nonsense"})
        recv(first, "error")
        ws_send_json(first, {"type": "echo", "text": "b"})
        got = recv(first, "second echo on the first connection")
        assert got.get("seq") == 2, f"pings and errors must not advance seq: expected 2, got {got}"
        ws_send_json(second, {"type": "echo", "text": "c"})
        got = recv(second, "first echo on the second connection")
        assert got.get("seq") == 1, f"a new connection starts at seq 1, got {got}"


@pytest.mark.weight(1)
def test_ping_pong(base_url: str) -> None:
    """A ping is answered with a pong"""
    with opened(base_url) as ws:
        login(ws, BOB, "bob")
        ws_send_json(ws, {"type": "ping"})
        got = recv(ws, "pong")
        assert got == {"type": "pong"}, f"expected {{'type': 'pong'}}, got {got}"


@pytest.mark.weight(2)
def test_bad_messages_keep_the_connection(base_url: str) -> None:
    """A bad message after auth gets an error message and the connection stays usable"""
    bad_messages: list[dict[str, Any] | str] = [
        "not json",
        {"type": "shout", "text": "hi"},
        {"type": "echo"},
        {"type": "echo", "text": 5},
        "[1, 2]",
    ]
    with opened(base_url) as ws:
        login(ws, ALICE, "alice")
        for bad in bad_messages:
            ws_send_json(ws, bad)
            got = recv(ws, f"answer to {bad!r}")
            assert got.get("type") == "error" and isinstance(got.get("detail"), str), (
                f"{bad!r}: expected {{'type': 'error', 'detail': '...'}}, got {got}"
            )
        ws_send_json(ws, {"type": "echo", "text": "still here"})
        got = recv(ws, "echo after the errors")
        assert got.get("text") == "still here" and got.get("seq") == 1, f"got {got}"


@pytest.mark.weight(1)
def test_bye_closes_normally(base_url: str) -> None:
    """A bye message closes the connection with code 1000"""
    with opened(base_url) as ws:
        login(ws, BOB, "bob")
        ws_send_json(ws, {"type": "bye"})
        expect_close(ws, 1000, "after bye")


# --- presence and disconnects ------------------------------------------------------------------


@pytest.mark.weight(3)
def test_presence_follows_connections(client: httpx.Client, base_url: str) -> None:
    """GET /presence lists a user while connected and forgets them after a disconnect"""
    assert "carol" not in online(client), f"carol is online before connecting: {online(client)}"
    with opened(base_url) as ws:
        login(ws, CAROL, "carol")
        users = online(client)
        assert "carol" in users, f"carol is connected and authenticated, but presence says {users}"
        assert users == sorted(users), f"presence should be sorted, got {users}"
    wait_for(client, lambda users: "carol" not in users, "after carol disconnected")


@pytest.mark.weight(2)
def test_presence_counts_connections(client: httpx.Client, base_url: str) -> None:
    """A user with two connections stays online until both are closed"""
    with opened(base_url) as first:
        login(first, DAVE, "dave")
        with opened(base_url) as second:
            login(second, DAVE, "dave")
            assert online(client).count("dave") == 1, f"dave listed more than once: {online(client)}"
        ws_send_json(first, {"type": "ping"})
        recv(first, "pong on the remaining connection")
        for _ in range(15):  # give the server time to handle the other close; dave must stay
            assert "dave" in online(client), "dave still has a connection, but presence dropped him"
            time.sleep(0.02)
        ws_send_json(first, {"type": "bye"})
        expect_close(first, 1000, "after bye")
    wait_for(client, lambda users: "dave" not in users, "after dave's last connection closed")


@pytest.mark.weight(1)
def test_unauthenticated_is_not_present(client: httpx.Client, base_url: str) -> None:
    """A connection that never authenticates does not appear in presence"""
    before = online(client)
    with opened(base_url) as ws:
        ws_send_json(ws, {"type": "auth", "token": "tok-nobody"})
        expect_close(ws, 1008, "unknown token")
    assert online(client) == before, f"presence changed from {before} to {online(client)}"
