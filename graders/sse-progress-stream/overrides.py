"""Fakes for the sse-progress-stream challenge (runs in the candidate's process; not secret).

Replaces `get_feed` with a feed whose imports live in the grader's service (service.py): each
`updates()` iteration is a subscription opened there, read update by update, and released when
the iteration stops; the grader counts the open ones. Imports the tests did not create are
passed on to the app's own feed (the starter's "demo").
"""

import types
from collections.abc import AsyncIterator
from typing import Any

from crucible_link import RemoteError, grader
from fastapi import FastAPI


class GraderFeed:
    def __init__(self, module: types.ModuleType) -> None:
        self.module = module
        self.real = module.get_feed()  # the app's own feed, for imports the tests did not create

    def _update(self, raw: dict[str, Any]) -> Any:
        return self.module.Update(**raw)

    def exists(self, import_id: str) -> bool:
        return grader().call("exists", import_id) or self.real.exists(import_id)

    def snapshot(self, import_id: str) -> list[Any]:
        updates = grader().call("snapshot", import_id)
        if updates is None:
            return self.real.snapshot(import_id)
        return [self._update(u) for u in updates]

    async def updates(self, import_id: str, after: int = 0) -> AsyncIterator[Any]:
        try:
            token = await grader().acall("subscribe", import_id, after)
        except RemoteError as exc:
            raise TypeError(str(exc)) from None
        if token is None:
            async for update in self.real.updates(import_id, after=after):
                yield update
            return
        try:
            while (raw := await grader().acall("next", token)) is not None:
                yield self._update(raw)
        finally:
            # Not awaited: a cancelled task (the client went away) may not await any more.
            grader().call("unsubscribe", token)


def install(app: FastAPI, module: types.ModuleType) -> None:
    feed = GraderFeed(module)
    app.dependency_overrides[module.get_feed] = lambda: feed
