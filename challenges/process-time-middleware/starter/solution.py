"""Work API. Add an X-Process-Time header to every response (see the statement).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `app.state.clock`, `get_sleep` and the routes: the grader replaces the clock and the sleep
with fakes, so that the timings it checks are exact.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, status

app = FastAPI(title="Work API")
app.state.clock = time.perf_counter  # seconds; the grader replaces it with a fake clock

Sleep = Callable[[float], Awaitable[None]]


def get_sleep() -> Sleep:
    """How the handlers wait; the grader's fake moves its fake clock instead of waiting."""
    return asyncio.sleep


SleepDep = Annotated[Sleep, Depends(get_sleep)]
Milliseconds = Annotated[float, Query(ge=0, le=10_000)]


# TODO: a middleware that adds X-Process-Time to every response, errors included.


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
