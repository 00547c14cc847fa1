# WRONG: header set only when the route succeeded (status < 400), so 404/422/503/500 lack it. Violates "On every response of the app: successful ones, HTTPException errors such as the 503, validation errors (422), routes that do not exist (404), and unhandled exceptions".
"""Work API with an @app.middleware("http") that adds X-Process-Time to every response."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse

logger = logging.getLogger("work-api")

app = FastAPI(title="Work API")
app.state.clock = time.perf_counter  # seconds; the grader replaces it with a fake clock

Sleep = Callable[[float], Awaitable[None]]


def get_sleep() -> Sleep:
    """How the handlers wait; the grader's fake moves its fake clock instead of waiting."""
    return asyncio.sleep


SleepDep = Annotated[Sleep, Depends(get_sleep)]
Milliseconds = Annotated[float, Query(ge=0, le=10_000)]


@app.middleware("http")
async def add_process_time(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    clock = request.app.state.clock
    started = clock()
    try:
        response = await call_next(request)
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        response = JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    elapsed_ms = (clock() - started) * 1000
    if response.status_code < 400:
        response.headers["X-Process-Time"] = f"{elapsed_ms:.3f}"
    return response


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
