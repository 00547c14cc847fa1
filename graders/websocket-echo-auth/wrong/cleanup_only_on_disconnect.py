# WRONG: presence cleaned only in the except WebSocketDisconnect branch; the bye path returns without cleanup -- violates "whether the client sent bye ... make the cleanup run on every path"
"""Echo service over WebSocket: first-message authentication, a JSON protocol, and presence
kept in a Counter of open authenticated connections (cleanup in `finally`)."""

import json
from collections import Counter
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect, status

app = FastAPI(title="Echo")

TOKENS: dict[str, str] = {
    "tok-alice-7Q2": "alice",
    "tok-bob-K9d": "bob",
    "tok-carol-x4M": "carol",
    "tok-dave-P0z": "dave",
}

online: Counter[str] = Counter()


@app.get("/presence")
async def presence() -> dict[str, list[str]]:
    return {"online": sorted(user for user, count in online.items() if count > 0)}


def parse(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def user_for(first: dict[str, Any] | None) -> str | None:
    if first is None or first.get("type") != "auth":
        return None
    token = first.get("token")
    if not isinstance(token, str):
        return None
    return TOKENS.get(token)


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        user = user_for(parse(await websocket.receive_text()))
    except WebSocketDisconnect:
        return
    if user is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
        return

    await websocket.send_json({"type": "welcome", "user": user})
    online[user] += 1
    seq = 0
    try:
        while True:
            message = parse(await websocket.receive_text())
            kind = message.get("type") if message is not None else None
            if kind == "echo" and isinstance(message.get("text"), str):
                seq += 1
                await websocket.send_json(
                    {"type": "echo", "text": message["text"], "user": user, "seq": seq}
                )
            elif kind == "ping":
                await websocket.send_json({"type": "pong"})
            elif kind == "bye":
                await websocket.close(code=status.WS_1000_NORMAL_CLOSURE)
                return
            else:
                await websocket.send_json({"type": "error", "detail": "unsupported message"})
    except WebSocketDisconnect:
        online[user] -= 1
        if online[user] <= 0:
            del online[user]
