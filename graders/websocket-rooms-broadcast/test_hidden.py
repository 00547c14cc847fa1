"""Hidden tests: WebSocket rooms with broadcast (black box, over ws://).

Each test uses its own room names, so tests never see each other's members. Every step waits for
the notice that proves the previous one happened (for example, a leave notice before checking
the member list), so nothing depends on timing. "Nothing was received" is proved by ordering: a
later message arrives first.
"""

import json
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from crucible_checks import ws_expect_close, ws_receive_json, ws_send_json
from websockets.exceptions import InvalidHandshake
from websockets.sync.client import ClientConnection, connect

RECV_TIMEOUT_S = 3.0
# Once a message failed to arrive, the app is known to be broken: later waits are shorter, so a
# silent app cannot run past the time limit (a correct app answers in milliseconds).
_timeouts = {"recv": RECV_TIMEOUT_S}
BROKEN_TIMEOUT_S = 1.0


def new_room() -> str:
    return f"room-{uuid.uuid4().hex[:10]}"


def ws_url(base_url: str, room: str, name: str | None) -> str:
    url = base_url.replace("http://", "ws://", 1).rstrip("/") + f"/rooms/{room}"
    return url if name is None else f"{url}?name={name}"


@contextmanager
def member(base_url: str, room: str, name: str) -> Iterator[ClientConnection]:
    """Connect and consume this member's own join notice."""
    with connect(ws_url(base_url, room, name), open_timeout=5, close_timeout=2) as ws:
        got = recv(ws, f"{name}'s own join notice")
        assert got.get("type") == "join" and got.get("name") == name, (
            f"{name}: expected its join notice first, got {got}"
        )
        yield ws


def recv_timeout() -> float:
    return _timeouts["recv"]


def timed_out() -> None:
    _timeouts["recv"] = BROKEN_TIMEOUT_S


def recv(ws: ClientConnection, what: str) -> dict[str, Any]:
    return ws_receive_json(ws, what, recv_timeout(), on_timeout=timed_out)


def say(ws: ClientConnection, text: str) -> None:
    ws_send_json(ws, {"text": text})


def expect(ws: ClientConnection, expected: dict[str, Any], what: str) -> None:
    got = recv(ws, what)
    assert got == expected, f"{what}: expected {expected}, got {got}"


def join(room: str, name: str, members: list[str]) -> dict[str, Any]:
    return {"type": "join", "room": room, "name": name, "members": members}


def leave(room: str, name: str, members: list[str]) -> dict[str, Any]:
    return {"type": "leave", "room": room, "name": name, "members": members}


def message(room: str, name: str, text: str) -> dict[str, Any]:
    return {"type": "message", "room": room, "name": name, "text": text}


def room_members(client: httpx.Client, room: str) -> list[str]:
    r = client.get(f"/rooms/{room}")
    assert r.status_code == 200, f"GET /rooms/{room}: expected 200, got {r.status_code}"
    body = r.json()
    assert isinstance(body, dict) and body.get("room") == room, (
        f"GET /rooms/{room}: expected {{'room': {room!r}, 'members': [...]}}, got {r.text[:200]}"
    )
    return body.get("members")


# --- joining ---------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_join_notice_to_the_joiner(base_url: str) -> None:
    """A new member receives its own join notice with the member list"""
    room = new_room()
    with connect(ws_url(base_url, room, "alice"), open_timeout=5) as ws:
        expect(ws, join(room, "alice", ["alice"]), "alice joining an empty room")


@pytest.mark.weight(2)
def test_join_notice_to_everyone(base_url: str) -> None:
    """Everyone in the room is told when someone joins, with members in join order"""
    room = new_room()
    with (
        member(base_url, room, "zoe") as zoe,
        member(base_url, room, "alice") as alice,
        member(base_url, room, "mia"),
    ):
        expect(zoe, join(room, "alice", ["zoe", "alice"]), "zoe seeing alice join")
        expect(zoe, join(room, "mia", ["zoe", "alice", "mia"]), "zoe seeing mia join (join order)")
        expect(alice, join(room, "mia", ["zoe", "alice", "mia"]), "alice seeing mia join (join order)")


@pytest.mark.weight(1)
def test_room_members_endpoint(client: httpx.Client, base_url: str) -> None:
    """GET /rooms/{room} lists the members in join order ([] for an empty room)"""
    room = new_room()
    assert room_members(client, room) == [], "an unknown room should have members []"
    with (
        member(base_url, room, "zoe") as zoe,
        member(base_url, room, "alice"),
        member(base_url, room, "mia"),
    ):
        recv(zoe, "zoe seeing alice join")
        recv(zoe, "zoe seeing mia join")
        got = room_members(client, room)
        assert got == ["zoe", "alice", "mia"], f"expected ['zoe', 'alice', 'mia'] (join order), got {got}"


# --- broadcasting ----------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_message_reaches_everyone(base_url: str) -> None:
    """A message is broadcast to every member of the room, the sender included"""
    room = new_room()
    with (
        member(base_url, room, "alice") as alice,
        member(base_url, room, "bob") as bob,
        member(base_url, room, "carol") as carol,
    ):
        recv(alice, "alice seeing bob join")
        recv(alice, "alice seeing carol join")
        recv(bob, "bob seeing carol join")
        say(bob, "hello room")
        for ws, who in ((alice, "alice"), (bob, "bob (the sender)"), (carol, "carol")):
            expect(ws, message(room, "bob", "hello room"), f"{who} receiving bob's message")


@pytest.mark.weight(2)
def test_rooms_are_isolated(base_url: str) -> None:
    """A message never reaches members of another room"""
    red, blue = new_room(), new_room()
    with member(base_url, red, "alice") as alice, member(base_url, blue, "zoe") as zoe:
        say(alice, "only for red")
        expect(alice, message(red, "alice", "only for red"), "alice's own message")
        say(zoe, "blue here")
        expect(zoe, message(blue, "zoe", "blue here"), "zoe's next message (red's must not leak)")


@pytest.mark.weight(2)
def test_bad_message_error_to_sender_only(base_url: str) -> None:
    """An invalid message gets an error for the sender only, and the connection stays open"""
    room = new_room()
    with member(base_url, room, "alice") as alice, member(base_url, room, "bob") as bob:
        recv(alice, "alice seeing bob join")
        bad_frames = (
            "not json",
            json.dumps({"text": ""}),
            json.dumps({"txt": "hi"}),
            json.dumps({"text": "x" * 501}),
        )
        for bad in bad_frames:
            alice.send(bad)
            got = recv(alice, f"alice's answer to {bad[:40]!r}")
            assert got.get("type") == "error" and isinstance(got.get("detail"), str), (
                f"expected {{'type': 'error', 'detail': '...'}} for {bad[:40]!r}, got {got}"
            )
        say(alice, "still here")
        expect(alice, message(room, "alice", "still here"), "alice after her errors")
        expect(bob, message(room, "alice", "still here"), "bob's next message (no errors)")


# --- leaving ---------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_leave_notice_on_disconnect(client: httpx.Client, base_url: str) -> None:
    """When a member disconnects, the others get a leave notice and it is removed"""
    room = new_room()
    with member(base_url, room, "alice") as alice:
        with member(base_url, room, "bob"):
            recv(alice, "alice seeing bob join")
        expect(alice, leave(room, "bob", ["alice"]), "alice seeing bob leave")
        assert room_members(client, room) == ["alice"], "bob is still listed after leaving"
        say(alice, "alone now")
        expect(alice, message(room, "alice", "alone now"), "alice's message after bob left")


@pytest.mark.weight(2)
def test_abrupt_disconnect_is_cleaned_up(client: httpx.Client, base_url: str) -> None:
    """A member whose connection drops without a close frame is removed and announced"""
    room = new_room()
    with member(base_url, room, "alice") as alice, member(base_url, room, "carol") as carol:
        recv(alice, "alice seeing carol join")
        ws = connect(ws_url(base_url, room, "bob"), open_timeout=5)
        recv(ws, "bob's own join notice")
        recv(alice, "alice seeing bob join")
        recv(carol, "carol seeing bob join")
        ws.socket.shutdown(socket.SHUT_RDWR)  # the network drops: no closing handshake
        ws.socket.close()
        expect(alice, leave(room, "bob", ["alice", "carol"]), "alice seeing bob's connection drop")
        expect(carol, leave(room, "bob", ["alice", "carol"]), "carol seeing bob's connection drop")
        say(carol, "anyone?")
        expect(alice, message(room, "carol", "anyone?"), "alice after bob dropped")
        assert room_members(client, room) == ["alice", "carol"], "bob is still listed"


@pytest.mark.weight(1)
def test_name_free_after_leaving(base_url: str) -> None:
    """A name can be used again once its member has left"""
    room = new_room()
    with member(base_url, room, "alice") as alice:
        with member(base_url, room, "bob"):
            recv(alice, "alice seeing bob join")
        recv(alice, "alice seeing bob leave")
        with member(base_url, room, "bob"):
            expect(alice, join(room, "bob", ["alice", "bob"]), "alice seeing bob join again")


# --- names -----------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_same_name_in_another_room(client: httpx.Client, base_url: str) -> None:
    """A name is unique within a room only: the same name may be connected in another room"""
    red, blue = new_room(), new_room()
    with member(base_url, red, "alice") as red_alice:
        with connect(ws_url(base_url, blue, "alice"), open_timeout=5, close_timeout=2) as blue_alice:
            expect(blue_alice, join(blue, "alice", ["alice"]), "alice joining a second room")
            say(blue_alice, "hi blue")
            expect(blue_alice, message(blue, "alice", "hi blue"), "alice's message in the second room")
            say(red_alice, "hi red")
            expect(red_alice, message(red, "alice", "hi red"), "alice in the first room (unaffected)")
            assert room_members(client, red) == ["alice"], "the first room should still list alice"
            assert room_members(client, blue) == ["alice"], "the second room should list alice"


@pytest.mark.weight(2)
def test_duplicate_name_closed_4409(client: httpx.Client, base_url: str) -> None:
    """A name already in the room is refused with close code 4409; the first member is unharmed"""
    room = new_room()
    with member(base_url, room, "alice") as alice, member(base_url, room, "bob") as bob:
        recv(alice, "alice seeing bob join")
        with connect(ws_url(base_url, room, "alice"), open_timeout=5) as twin:
            ws_expect_close(twin, 4409, "the duplicate name", recv_timeout(),
                            on_timeout=timed_out)
        say(bob, "who is here?")
        for ws, who in ((alice, "the first alice"), (bob, "bob")):
            expect(
                ws,
                message(room, "bob", "who is here?"),
                f"{who}'s next message (the refused twin must cause no join or leave notice)",
            )
        got_members = room_members(client, room)
        assert got_members == ["alice", "bob"], (
            f"expected ['alice', 'bob'] after the refusal, got {got_members}"
        )


@pytest.mark.weight(1)
def test_invalid_name_rejected(base_url: str) -> None:
    """A missing or invalid name is refused (handshake rejected or close code 1008)"""
    room = new_room()
    for name in (None, "", "bad name!", "x" * 33):
        url = ws_url(base_url, room, name.replace(" ", "%20") if name else name)
        try:
            ws = connect(url, open_timeout=5)
        except InvalidHandshake:
            continue
        with ws:
            ws_expect_close(ws, 1008, f"name {name!r} (accepted)", recv_timeout(),
                            on_timeout=timed_out)
