"""Chat rooms over WebSocket: join and leave notices, broadcast in a room, dead sockets dropped."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import FastAPI, Query, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field, ValidationError

app = FastAPI(title="Rooms")

NAME_TAKEN = 4409  # application close codes live in 4000-4999
Name = Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{1,32}$")]


class ChatIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


class RoomOut(BaseModel):
    room: str
    members: list[str]


@dataclass(eq=False)  # members compare by identity: two sockets are never "equal"
class Member:
    name: str
    websocket: WebSocket


class ConnectionManager:
    """The open connections of this process, per room, in join order."""

    def __init__(self) -> None:
        self.rooms: dict[str, list[Member]] = {}

    def names(self, room: str) -> list[str]:
        return [member.name for member in self.rooms.get(room, [])]

    def join(self, room: str, name: str, websocket: WebSocket) -> Member | None:
        """Add a member, or return None if the name is taken in that room (no await: atomic)."""
        if name in self.names(room):
            return None
        member = Member(name, websocket)
        self.rooms.setdefault(room, []).append(member)
        return member

    def remove(self, room: str, member: Member) -> bool:
        """Forget a member; False if it was already gone."""
        members = self.rooms.get(room, [])
        if member not in members:
            return False
        members.remove(member)
        if not members:
            del self.rooms[room]
        return True

    async def leave(self, room: str, member: Member) -> None:
        if self.remove(room, member):
            await self.broadcast(room, notice("leave", room, member.name, self.names(room)))

    async def broadcast(self, room: str, message: dict[str, Any]) -> None:
        """Send to every member of the room; a member whose socket is dead is dropped."""
        dead = []
        for member in list(self.rooms.get(room, [])):
            try:
                await member.websocket.send_json(message)
            except (WebSocketDisconnect, RuntimeError):
                dead.append(member)
        for member in dead:
            await self.leave(room, member)


def notice(kind: str, room: str, name: str, members: list[str]) -> dict[str, Any]:
    return {"type": kind, "room": room, "name": name, "members": members}


manager = ConnectionManager()


@app.get("/rooms/{room}")
async def get_room(room: str) -> RoomOut:
    return RoomOut(room=room, members=manager.names(room))


@app.websocket("/rooms/{room}")
async def room_socket(websocket: WebSocket, room: str, name: Name) -> None:
    await websocket.accept()
    member = manager.join(room, name, websocket)
    if member is None:
        await websocket.close(code=NAME_TAKEN, reason="name taken")
        return
    try:
        await manager.broadcast(room, notice("join", room, name, manager.names(room)))
        while True:
            raw = await websocket.receive_text()
            try:
                chat = ChatIn.model_validate_json(raw)
            except ValidationError:
                await websocket.send_json(
                    {"type": "error", "detail": 'send {"text": "..."} with 1 to 500 characters'}
                )
                continue
            await manager.broadcast(
                room, {"type": "message", "room": room, "name": name, "text": chat.text}
            )
    except WebSocketDisconnect:
        pass
    finally:
        await manager.leave(room, member)
