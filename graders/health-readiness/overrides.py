"""Fakes for the health-readiness challenge (runs in the candidate's process; not secret).

Replaces the app's `create_database` and `create_cache` (module attributes, looked up by the
lifespan when it runs) with factories of fake clients whose every ping, connect and close is a
call to the grader's service (service.py), which records it and says how it goes (a ping may
answer, raise, hang, or wait for the other one; connect and close may be held). `get_settings`
returns the check timeout the service holds. A driver task runs the app's lifespan
(app.router.lifespan_context) when the service asks, the way a restart would: the tests watch
startup and shutdown through it.
"""

import asyncio
import contextlib
import threading
import types
from collections.abc import AsyncIterator
from typing import Any

from crucible_link import RemoteError, grader
from fastapi import FastAPI

LIMIT_S = 8.0  # a hanging ping hangs this long


async def call(method: str, *args: Any) -> Any:
    """A call to the service in a thread of its own: a held call (a gate, a ping waiting for
    the other) never takes a worker thread the app needs, and a cancelled await leaves it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def resolve(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result, error = grader().call(method, *args), None
        except BaseException as exc:
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop may be closed by now
            loop.call_soon_threadsafe(resolve, result, error)

    threading.Thread(target=run, daemon=True, name=f"grader-{method}").start()
    return await future


class Driver:
    """Runs the app's lifespan in one task, as a server would: startup, then shutdown on stop;
    does what the service's commands ask."""

    def __init__(self, app: FastAPI, lifespan: Any) -> None:
        self.app = app
        self.lifespan = lifespan
        self.task: asyncio.Task[None] | None = None
        self.started = asyncio.Event()
        self.stop = asyncio.Event()
        self.connect_called = asyncio.Event()
        self.connect_returned = asyncio.Event()
        self.close_called = asyncio.Event()

    async def _run(self, started: asyncio.Event, stop: asyncio.Event) -> None:
        async with self.lifespan(self.app):
            started.set()
            await stop.wait()

    def start(self) -> None:
        self.started, self.stop = asyncio.Event(), asyncio.Event()
        self.connect_called.clear()
        self.connect_returned.clear()
        self.task = asyncio.create_task(self._run(self.started, self.stop))

    async def finish(self, timeout_s: float = LIMIT_S) -> None:
        if self.task is None:
            return
        self.stop.set()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(self.task), timeout_s)
        if not self.task.done():
            self.task.cancel()
        self.task = None

    @staticmethod
    async def _wait(event: asyncio.Event, timeout_s: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout_s)

    @staticmethod
    async def settle() -> None:
        for _ in range(20):  # let the app's tasks run what follows the fake call
            await asyncio.sleep(0)

    async def handle(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        if name == "restart":
            await self.finish()
            self.start()
            either = asyncio.Event()

            async def watch(event: asyncio.Event) -> None:
                await event.wait()
                either.set()

            watchers = [asyncio.create_task(watch(self.started))]
            if args.get("hold_connect"):
                watchers.append(asyncio.create_task(watch(self.connect_called)))
            await self._wait(either, 3.0)
            for watcher in watchers:
                watcher.cancel()
            await self.settle()
            started = self.started.is_set()
            if started:  # a background connect() starts soon after startup
                await self._wait(self.connect_called, 0.5)
            return {"started": started, "connect_called": self.connect_called.is_set()}
        if name == "settle_connect":
            await self._wait(self.connect_returned, 3.0)
            await self._wait(self.started, 3.0)
            await self.settle()
        elif name == "stop":
            self.close_called.clear()
            self.stop.set()
            await self._wait(self.close_called, 0.5)
            return {"close_called": self.close_called.is_set()}
        elif name == "finish":
            await self.finish(3.0)
        return {}

    async def serve(self) -> None:
        while True:
            try:
                command = await call("next_command")
            except Exception:
                await asyncio.sleep(0.05)
                continue
            if not isinstance(command, dict):
                continue
            try:
                result = await self.handle(command["name"], command.get("args", {}))
            except Exception:
                result = {}
            with contextlib.suppress(Exception):
                await call("command_done", command["token"], result)


class FakeClient:
    def __init__(self, driver: Driver, name: str) -> None:
        self.driver = driver
        self.name = name

    async def connect(self) -> None:
        self.driver.connect_called.set()
        await call("connect")
        self.driver.connect_returned.set()

    async def ping(self) -> None:
        await asyncio.sleep(0)  # always yield, like real I/O
        try:
            answer = await call("ping", self.name)
        except RemoteError as exc:
            raise ConnectionError(str(exc)) from None
        if answer["mode"] == "hang":
            await asyncio.sleep(LIMIT_S)
        elif answer["mode"] == "slow":
            await asyncio.sleep(answer["seconds"])

    async def close(self) -> None:
        self.driver.close_called.set()
        await call("close", self.name)


def install(app: FastAPI, module: types.ModuleType) -> None:
    lifespan = app.router.lifespan_context
    driver = Driver(app, lifespan)
    module.create_database = lambda: FakeClient(driver, "database")
    module.create_cache = lambda: FakeClient(driver, "cache")

    def grader_settings() -> Any:
        return module.Settings(**grader().call("settings"))

    app.dependency_overrides[module.get_settings] = grader_settings
    serving: list[asyncio.Task[None]] = []

    @contextlib.asynccontextmanager
    async def with_driver(app_: Any) -> AsyncIterator[Any]:
        if not serving:  # the server's own lifespan run: start listening for commands
            serving.append(asyncio.create_task(driver.serve()))
        async with lifespan(app_) as state:
            yield state

    app.router.lifespan_context = with_driver
