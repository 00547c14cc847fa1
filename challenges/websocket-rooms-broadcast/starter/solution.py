"""Chat rooms over WebSocket. Today it is an echo server; turn it into rooms with broadcast.

Run it with `uvicorn solution:app --reload`, then connect, for example with
`python -m websockets ws://127.0.0.1:8000/rooms/lobby?name=alice`.
"""

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field

app = FastAPI(title="Rooms")


class ChatIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


class RoomOut(BaseModel):
    room: str
    members: list[str]


class ConnectionManager:
    """The open connections of this process, per room, in join order."""

    def __init__(self) -> None:
        self.rooms: dict[str, list[WebSocket]] = {}

    # TODO: join, leave, broadcast (see the statement).


manager = ConnectionManager()


@app.get("/rooms/{room}")
async def get_room(room: str) -> RoomOut:
    # TODO: list the members' names in join order.
    return RoomOut(room=room, members=[])


@app.websocket("/rooms/{room}")
async def room_socket(websocket: WebSocket, room: str, name: str) -> None:
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_json({"type": "echo", "room": room, "name": name, "text": text})
    except WebSocketDisconnect:
        pass
