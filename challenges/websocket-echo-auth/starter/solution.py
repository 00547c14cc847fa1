"""Echo service over WebSocket. It echoes to anyone and never checks a token.

Run it with `uvicorn solution:app --reload`; connect with a WebSocket client to
ws://127.0.0.1:8000/ws. Keep `TOKENS`: the grader's tests use these tokens.
"""

from fastapi import FastAPI, WebSocket

app = FastAPI(title="Echo")

TOKENS: dict[str, str] = {
    "tok-alice-7Q2": "alice",
    "tok-bob-K9d": "bob",
    "tok-carol-x4M": "carol",
    "tok-dave-P0z": "dave",
}


@app.get("/presence")
async def presence() -> dict[str, list[str]]:
    # TODO: the users with an authenticated connection open.
    return {"online": []}


@app.websocket("/ws")
async def echo(websocket: WebSocket) -> None:
    # TODO: authenticate with the first message, then speak the protocol (see the statement).
    await websocket.accept()
    while True:
        message = await websocket.receive_json()
        await websocket.send_json({"type": "echo", "text": message.get("text"), "user": None, "seq": 0})
