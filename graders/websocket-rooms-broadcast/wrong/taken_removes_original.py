# WRONG: the 4409 path falls into the finally that removes the member BY NAME, kicking out the original holder and announcing a leave -- violates "The member who has that name is not affected in any way (no notices are sent)"
"""Chat rooms: rooms as dict[str, list[WebSocket]] with each member's name on websocket.state,
concurrent broadcast with asyncio.gather(return_exceptions=True), and the name checked by hand
after accept (close 1008)."""

import asyncio
import json
import re

from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect, status
from pydantic import BaseModel, Field

NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
NAME_TAKEN = 4409


class ChatIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


class RoomOut(BaseModel):
    room: str
    members: list[str]


class ConnectionManager:
    """The open connections of this process, per room, in join order."""

    def __init__(self) -> None:
        self.rooms: dict[str, list[WebSocket]] = {}

    def members(self, room: str) -> list[str]:
        return [ws.state.name for ws in self.rooms.get(room, ())]

    def connect(self, room: str, ws: WebSocket, name: str) -> bool:
        if name in self.members(room):
            return False
        ws.state.name = name
        self.rooms.setdefault(room, []).append(ws)
        return True

    def disconnect(self, room: str, ws: WebSocket) -> bool:
        sockets = self.rooms.get(room, [])
        same = [s for s in sockets if s.state.name == ws.state.name]
        if not same:
            return False
        sockets.remove(same[0])
        if not sockets:
            self.rooms.pop(room, None)
        return True

    async def broadcast(self, room: str, payload: dict) -> None:
        targets = list(self.rooms.get(room, ()))
        results = await asyncio.gather(
            *(ws.send_text(json.dumps(payload)) for ws in targets), return_exceptions=True
        )
        for ws, result in zip(targets, results):
            if isinstance(result, BaseException):
                await self.drop(room, ws)

    async def drop(self, room: str, ws: WebSocket) -> None:
        if self.disconnect(room, ws):
            await self.broadcast(
                room,
                {"type": "leave", "room": room, "name": ws.state.name, "members": self.members(room)},
            )


manager = ConnectionManager()
router = APIRouter()


@router.get("/rooms/{room}", response_model=RoomOut)
def get_room(room: str) -> dict:
    return {"room": room, "members": manager.members(room)}


def parse_chat(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    text = data.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 500:
        return None
    return text


@router.websocket("/rooms/{room}")
async def room_socket(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    name = websocket.query_params.get("name", "")
    if NAME_RE.fullmatch(name) is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="invalid name")
        return
    try:
        if not manager.connect(room, websocket, name):
            websocket.state.name = name
            await websocket.close(code=NAME_TAKEN, reason="name taken")
            return
        await manager.broadcast(
            room, {"type": "join", "room": room, "name": name, "members": manager.members(room)}
        )
        while True:
            text = parse_chat(await websocket.receive_text())
            if text is None:
                await websocket.send_text(
                    json.dumps({"type": "error", "detail": "expected {\"text\": <1-500 chars>}"})
                )
            else:
                await manager.broadcast(
                    room, {"type": "message", "room": room, "name": name, "text": text}
                )
    except WebSocketDisconnect:
        pass
    finally:
        await manager.drop(room, websocket)


app = FastAPI(title="Rooms")
app.include_router(router)
