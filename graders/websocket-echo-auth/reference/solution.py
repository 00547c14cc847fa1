"""Echo service over WebSocket with first-message authentication (reference solution).

The server accepts, waits for an `auth` message, and closes with 1008 (policy violation) when it
is missing or wrong. After that it answers `echo`, `ping` and `bye` messages, reports bad ones
without dropping the connection, and keeps `GET /presence` exact by always unregistering the
connection, however it ends.
"""

import json
from collections import Counter
from typing import Annotated, Any

from fastapi import Depends, FastAPI, WebSocket, WebSocketDisconnect, status

app = FastAPI(title="Echo")

TOKENS: dict[str, str] = {
    "tok-alice-7Q2": "alice",
    "tok-bob-K9d": "bob",
    "tok-carol-x4M": "carol",
    "tok-dave-P0z": "dave",
}


class Presence:
    """Users with at least one authenticated connection open."""

    def __init__(self) -> None:
        self._connections: Counter[str] = Counter()

    def join(self, user: str) -> None:
        self._connections[user] += 1

    def leave(self, user: str) -> None:
        self._connections[user] -= 1
        if self._connections[user] <= 0:
            del self._connections[user]

    def online(self) -> list[str]:
        return sorted(self._connections)


_presence = Presence()


def get_presence() -> Presence:
    return _presence


PresenceDep = Annotated[Presence, Depends(get_presence)]


def parse(raw: str) -> dict[str, Any] | None:
    """The message as a JSON object, or None if it is not one."""
    try:
        message = json.loads(raw)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


async def authenticate(websocket: WebSocket) -> str | None:
    """Read the first message; return the user, or None if it is not a valid `auth`."""
    message = parse(await websocket.receive_text())
    if message is None or message.get("type") != "auth":
        return None
    token = message.get("token")
    return TOKENS.get(token) if isinstance(token, str) else None


def reply(message: dict[str, Any] | None, user: str, seq: int) -> dict[str, Any]:
    if message is None:
        return {"type": "error", "detail": "Messages must be JSON objects"}
    match message.get("type"):
        case "ping":
            return {"type": "pong"}
        case "echo" if isinstance(message.get("text"), str):
            return {"type": "echo", "text": message["text"], "user": user, "seq": seq}
        case "echo":
            return {"type": "error", "detail": "An echo needs a string 'text'"}
        case _:
            return {"type": "error", "detail": "Unknown message type"}


@app.get("/presence")
async def presence(registry: PresenceDep) -> dict[str, list[str]]:
    return {"online": registry.online()}


@app.websocket("/ws")
async def echo(websocket: WebSocket, registry: PresenceDep) -> None:
    await websocket.accept()
    try:
        user = await authenticate(websocket)
    except WebSocketDisconnect:
        return
    if user is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="Authentication failed")
        return
    registry.join(user)
    try:
        await websocket.send_json({"type": "welcome", "user": user})
        seq = 0
        while True:
            message = parse(await websocket.receive_text())
            if message is not None and message.get("type") == "bye":
                await websocket.close(code=status.WS_1000_NORMAL_CLOSURE)
                return
            answer = reply(message, user, seq + 1)
            if answer["type"] == "echo":
                seq += 1
            await websocket.send_json(answer)
    except WebSocketDisconnect:
        pass  # the client went away; nothing to answer
    finally:
        registry.leave(user)
