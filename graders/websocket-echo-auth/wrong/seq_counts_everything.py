# WRONG: seq advanced for every message (pings and errors too) -- violates "pings and errors do not advance it"
"""Echo service: Pydantic-validated auth message, a per-connection session object with a
dispatch table, and a Presence registry of open sockets per user; APIRouter websocket route."""

from typing import Literal

from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect, status
from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

TOKENS: dict[str, str] = {
    "tok-alice-7Q2": "alice",
    "tok-bob-K9d": "bob",
    "tok-carol-x4M": "carol",
    "tok-dave-P0z": "dave",
}


class AuthMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["auth"]
    token: StrictStr


class Presence:
    def __init__(self) -> None:
        self._sockets: dict[str, set[WebSocket]] = {}

    def add(self, user: str, ws: WebSocket) -> None:
        self._sockets.setdefault(user, set()).add(ws)

    def discard(self, user: str, ws: WebSocket) -> None:
        sockets = self._sockets.get(user)
        if sockets is not None:
            sockets.discard(ws)
            if not sockets:
                del self._sockets[user]

    def users(self) -> list[str]:
        return sorted(self._sockets)


presence_registry = Presence()


class Closed(Exception):
    """Raised by the bye handler once the socket is closed."""


class EchoSession:
    def __init__(self, ws: WebSocket, user: str) -> None:
        self.ws = ws
        self.user = user
        self.seq = 0
        self.handlers = {"echo": self.on_echo, "ping": self.on_ping, "bye": self.on_bye}

    async def error(self, detail: str) -> None:
        await self.ws.send_json({"type": "error", "detail": detail})

    async def on_echo(self, message: dict) -> None:
        text = message.get("text")
        if not isinstance(text, str):
            await self.error("echo needs a string text")
            return
        await self.ws.send_json({"type": "echo", "text": text, "user": self.user, "seq": self.seq})

    async def on_ping(self, message: dict) -> None:
        await self.ws.send_json({"type": "pong"})

    async def on_bye(self, message: dict) -> None:
        await self.ws.close(code=1000)
        raise Closed

    async def handle(self, raw: str) -> None:
        import json

        self.seq += 1
        try:
            message = json.loads(raw)
        except json.JSONDecodeError:
            await self.error("not JSON")
            return
        if not isinstance(message, dict):
            await self.error("expected a JSON object")
            return
        handler = self.handlers.get(message.get("type"))  # type: ignore[arg-type]
        if handler is None:
            await self.error("unknown type")
            return
        await handler(message)


router = APIRouter()


@router.get("/presence")
def presence() -> dict[str, list[str]]:
    return {"online": presence_registry.users()}


@router.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        first = await websocket.receive_text()
        user = TOKENS.get(AuthMessage.model_validate_json(first).token)
    except WebSocketDisconnect:
        return
    except ValidationError:
        user = None
    if user is None:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="authentication failed")
        return

    await websocket.send_json({"type": "welcome", "user": user})
    presence_registry.add(user, websocket)
    session = EchoSession(websocket, user)
    try:
        while True:
            await session.handle(await websocket.receive_text())
    except (WebSocketDisconnect, Closed):
        pass
    finally:
        presence_registry.discard(user, websocket)


app = FastAPI(title="Echo")
app.include_router(router)
