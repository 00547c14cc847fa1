"""Fakes for the health-readiness challenge (runs in the candidate's process; not secret).

Replaces the app's `create_database` and `create_cache` (module attributes, looked up by the
lifespan when it runs) with factories of fakes, and `get_settings` with a short check timeout.
The control router also *drives the app's lifespan* (app.router.lifespan_context), the way a
restart would, so the tests can watch startup and shutdown:

    POST /reset                      release everything, checks answer "ok", run a fresh lifespan
                                     and wait until its database.connect() has returned
    POST /modes {"database": m, "cache": m}   m: ok | error | hang | together
                                     (together: answer only once every "together" check is running)
    POST /restart {"hold_connect": b}         stop the grader's lifespan run, start a new one;
                                     with hold_connect, database.connect() blocks until released
    POST /release-connect
    POST /stop {"hold_close": b}     begin the lifespan's shutdown; close() blocks until released
    POST /release-close
    GET  /calls                      pings, connects and closes seen so far
"""


import asyncio
import contextlib
import types
from typing import Any, Literal

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

LIMIT_S = 8.0  # no fake call ever blocks longer than this
CHECK_TIMEOUT_S = 0.3
SECRET = "pw-7f3a9c51e2"
DSN = f"postgresql://orders:{SECRET}@db-primary.internal:5432/orders"

Mode = Literal["ok", "error", "hang", "together"]


class Fakes:
    def __init__(self) -> None:
        self.modes: dict[str, Mode] = {"database": "ok", "cache": "ok"}
        self.pings = {"database": 0, "cache": 0}
        self.closes = {"database": 0, "cache": 0}
        self.connects = 0
        self.connected = 0
        self.hold_connect: asyncio.Event | None = None
        self.hold_close: asyncio.Event | None = None
        self.together: set[str] = set()
        self.changed = asyncio.Condition()

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    async def wait_for(self, predicate: Any, timeout_s: float) -> bool:
        async with self.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait_for(predicate), timeout_s)
        return bool(predicate())

    def release_all(self) -> None:
        for gate in (self.hold_connect, self.hold_close):
            if gate is not None:
                gate.set()
        self.hold_connect = self.hold_close = None


class FakeResource:
    def __init__(self, fakes: Fakes, name: str) -> None:
        self.fakes = fakes
        self.name = name

    async def connect(self) -> None:
        self.fakes.connects += 1
        await self.fakes.notify()
        gate = self.fakes.hold_connect
        if gate is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(gate.wait(), LIMIT_S)
        self.fakes.connected += 1
        await self.fakes.notify()

    async def ping(self) -> None:
        fakes = self.fakes
        fakes.pings[self.name] += 1
        mode = fakes.modes[self.name]
        await asyncio.sleep(0)  # always yield, like real I/O
        if mode == "error":
            raise ConnectionError(f"could not connect to {DSN}: password authentication failed")
        if mode == "hang":
            await asyncio.sleep(LIMIT_S)
        elif mode == "together":
            fakes.together.add(self.name)
            await fakes.notify()
            expected = {n for n, m in fakes.modes.items() if m == "together"}
            try:
                met = await fakes.wait_for(lambda: fakes.together >= expected, LIMIT_S)
            except BaseException:  # cancelled by the app's timeout: no longer waiting
                fakes.together.discard(self.name)
                raise
            if not met:
                fakes.together.discard(self.name)
                raise ConnectionError("the other check never started")

    async def close(self) -> None:
        self.fakes.closes[self.name] += 1
        await self.fakes.notify()
        gate = self.fakes.hold_close
        if gate is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(gate.wait(), LIMIT_S)


class LifespanDriver:
    """Runs the app's lifespan in one task, as a server would: startup, then shutdown on stop."""

    def __init__(self, app: FastAPI, fakes: Fakes) -> None:
        self.app = app
        self.fakes = fakes
        self.task: asyncio.Task[None] | None = None
        self.started = asyncio.Event()
        self.stop = asyncio.Event()

    async def _run(self, started: asyncio.Event, stop: asyncio.Event) -> None:
        async with self.app.router.lifespan_context(self.app):
            started.set()
            await self.fakes.notify()
            await stop.wait()

    def start(self) -> None:
        self.started, self.stop = asyncio.Event(), asyncio.Event()
        self.task = asyncio.create_task(self._run(self.started, self.stop))

    def begin_stop(self) -> None:
        self.stop.set()

    async def finish(self, timeout_s: float = LIMIT_S) -> None:
        if self.task is None:
            return
        self.stop.set()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self.task), timeout_s)
        if not self.task.done():
            self.task.cancel()
        self.task = None


class ModesIn(BaseModel):
    database: Mode | None = None
    cache: Mode | None = None


class Hold(BaseModel):
    hold_connect: bool = False
    hold_close: bool = False


def install(app: FastAPI, module: types.ModuleType) -> APIRouter:
    fakes = Fakes()
    driver = LifespanDriver(app, fakes)
    module.create_database = lambda: FakeResource(fakes, "database")
    module.create_cache = lambda: FakeResource(fakes, "cache")
    settings = module.Settings(check_timeout_s=CHECK_TIMEOUT_S)
    app.dependency_overrides[module.get_settings] = lambda: settings
    router = APIRouter()

    async def settle() -> None:
        for _ in range(20):  # let the app's tasks run what follows the fake call
            await asyncio.sleep(0)

    async def restart(hold_connect: bool) -> dict[str, Any]:
        await driver.finish()
        fakes.hold_connect = asyncio.Event() if hold_connect else None
        before = fakes.connects
        driver.start()
        await fakes.wait_for(
            lambda: driver.started.is_set() or (hold_connect and fakes.connects > before), 3.0
        )
        await settle()
        return {"started": driver.started.is_set(), "connect_called": fakes.connects > before}

    @router.post("/reset")
    async def reset() -> dict[str, Any]:
        fakes.release_all()
        fakes.modes = {"database": "ok", "cache": "ok"}
        fakes.together.clear()
        before = fakes.connected
        result = await restart(hold_connect=False)
        await fakes.wait_for(lambda: fakes.connected > before, 3.0)
        await settle()
        return result

    @router.post("/modes")
    async def set_modes(body: ModesIn) -> dict[str, Any]:
        fakes.modes.update(body.model_dump(exclude_none=True))
        fakes.together.clear()
        return {"modes": fakes.modes}

    @router.post("/restart")
    async def restart_route(body: Hold) -> dict[str, Any]:
        return await restart(body.hold_connect)

    @router.post("/release-connect")
    async def release_connect() -> dict[str, Any]:
        before = fakes.connected
        if fakes.hold_connect is not None:
            fakes.hold_connect.set()
        await fakes.wait_for(lambda: fakes.connected > before, 3.0)
        await fakes.wait_for(driver.started.is_set, 3.0)
        await settle()
        return {"connected": fakes.connected > before, "started": driver.started.is_set()}

    @router.post("/stop")
    async def stop(body: Hold) -> dict[str, Any]:
        fakes.hold_close = asyncio.Event() if body.hold_close else None
        before = sum(fakes.closes.values())
        driver.begin_stop()
        await fakes.wait_for(lambda: sum(fakes.closes.values()) > before, 3.0)
        await settle()
        return {"close_called": sum(fakes.closes.values()) > before}

    @router.post("/release-close")
    async def release_close() -> dict[str, bool]:
        if fakes.hold_close is not None:
            fakes.hold_close.set()
        await driver.finish(3.0)
        return {"ok": True}

    @router.get("/calls")
    async def calls() -> dict[str, Any]:
        return {
            "pings": dict(fakes.pings),
            "closes": dict(fakes.closes),
            "connects": fakes.connects,
            "secret": SECRET,
        }

    return router
