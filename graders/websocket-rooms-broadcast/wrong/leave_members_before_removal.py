# WRONG: leave notice lists the members before the removal (the leaver included) -- violates "members lists the names in the room after the change"
"""Chat rooms over WebSocket: a ConnectionManager of Member dataclasses per room, sequential
broadcast that drops dead members and announces their departure."""

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import FastAPI, Query, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field, ValidationError

app = FastAPI(title="Rooms")

NAME_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"


class ChatIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


class RoomOut(BaseModel):
    room: str
    members: list[str]


@dataclass(eq=False)
class Member:
    name: str
    websocket: WebSocket


class ConnectionManager:
    """The open connections of this process, per room, in join order."""

    def __init__(self) -> None:
        self.rooms: dict[str, list[Member]] = {}

    def names(self, room: str) -> list[str]:
        return [m.name for m in self.rooms.get(room, [])]

    def taken(self, room: str, name: str) -> bool:
        return name in self.names(room)

    async def join(self, room: str, member: Member) -> None:
        self.rooms.setdefault(room, []).append(member)
        await self.broadcast(
            room, {"type": "join", "room": room, "name": member.name, "members": self.names(room)}
        )

    async def leave(self, room: str, member: Member) -> None:
        members = self.rooms.get(room)
        if members is None or member not in members:
            return  # already removed (e.g. by a failed broadcast)
        names = self.names(room)
        members.remove(member)
        if not members:
            del self.rooms[room]
        await self.broadcast(
            room, {"type": "leave", "room": room, "name": member.name, "members": names}
        )

    async def broadcast(self, room: str, message: dict) -> None:
        dead: list[Member] = []
        for member in list(self.rooms.get(room, [])):
            try:
                await member.websocket.send_json(message)
            except Exception:
                dead.append(member)
        for member in dead:
            await self.leave(room, member)


manager = ConnectionManager()


@app.get("/rooms/{room}")
async def get_room(room: str) -> RoomOut:
    return RoomOut(room=room, members=manager.names(room))


@app.websocket("/rooms/{room}")
async def room_socket(
    websocket: WebSocket,
    room: str,
    name: Annotated[str, Query(min_length=1, max_length=32, pattern=NAME_PATTERN)],
) -> None:
    await websocket.accept()
    if manager.taken(room, name):
        await websocket.close(code=4409, reason="name taken")
        return
    member = Member(name=name, websocket=websocket)
    await manager.join(room, member)
    try:
        while True:
            raw = await websocket.receive_text()
            try:
                chat = ChatIn.model_validate_json(raw)
            except ValidationError:
                await websocket.send_json(
                    {"type": "error", "detail": "send {\"text\": \"...\"} with 1 to 500 characters"}
                )
                continue
            await manager.broadcast(
                room, {"type": "message", "room": room, "name": name, "text": chat.text}
            )
    except WebSocketDisconnect:
        pass
    finally:
        await manager.leave(room, member)
