"""Fakes for the lifespan-model-loading challenge (runs in the candidate's process; not secret).

Replaces the module's `get_loader` with one returning a client of the grader's fake loader
(service.py, in the grader's process): each load is counted there, and may be held or fail
there; its model is versioned "fake-<n>" (the n-th load) and scores text by counting "+" and
"-" (0.25 each). The app's lifespan is wrapped to tell the service when its start-up has
finished. Nothing is recorded here.
"""

import asyncio
import contextlib
import types
from collections.abc import AsyncIterator
from typing import Any

from crucible_link import grader
from fastapi import FastAPI


class FakeModel:
    def __init__(self, version: str) -> None:
        self.version = version

    def predict(self, text: str) -> float:
        return max(-1.0, min(1.0, (text.count("+") - text.count("-")) * 0.25))


class GraderLoader:
    """Same interface as the starter's ModelLoader: `await load()`."""

    async def load(self) -> FakeModel:
        # In the event loop, not a worker thread: ordered with the start-up's end.
        number = grader().call("load_begins")
        return FakeModel(await grader().acall("load_ends", number))


def install(app: FastAPI, module: types.ModuleType) -> None:
    loader = GraderLoader()
    module.get_loader = lambda: loader

    original = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan_then_tell(asgi_app: Any) -> AsyncIterator[Any]:
        async with original(asgi_app) as state:
            for _ in range(5):  # let tasks created by the start-up take their first step
                await asyncio.sleep(0)
            grader().call("startup_done")
            yield state

    app.router.lifespan_context = lifespan_then_tell
