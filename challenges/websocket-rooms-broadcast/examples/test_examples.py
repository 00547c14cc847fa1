"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same way,
over ws:// with the `websockets` client.
"""

from __future__ import annotations

import json
import os
import uuid

from websockets.sync.client import connect

BASE_URL = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
WS_URL = BASE_URL.replace("http://", "ws://", 1)


def test_join_then_message() -> None:
    """A member sees its join notice, then its own message"""
    room = f"example-{uuid.uuid4().hex[:8]}"
    with connect(f"{WS_URL}/rooms/{room}?name=alice", open_timeout=5) as ws:
        joined = json.loads(ws.recv(timeout=3))
        assert joined == {"type": "join", "room": room, "name": "alice", "members": ["alice"]}
        ws.send(json.dumps({"text": "hello"}))
        got = json.loads(ws.recv(timeout=3))
        assert got == {"type": "message", "room": room, "name": "alice", "text": "hello"}, got


def test_two_members() -> None:
    """The first member sees the second one join"""
    room = f"example-{uuid.uuid4().hex[:8]}"
    with connect(f"{WS_URL}/rooms/{room}?name=alice", open_timeout=5) as alice:
        alice.recv(timeout=3)  # alice's own join notice
        with connect(f"{WS_URL}/rooms/{room}?name=bob", open_timeout=5):
            got = json.loads(alice.recv(timeout=3))
            assert got["type"] == "join" and got["members"] == ["alice", "bob"], got
