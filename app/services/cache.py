"""A small in-process cache with expiry, for the hot read paths (a candidate's page polls its
submission's status twice a second). Each Runtime owns its caches, so two apps in one process
(tests) never see each other's entries.

A cached value is shared by every request of the process, so it must be plain, immutable data:
never an ORM instance, which belongs to the session that loaded it (a rollback in that session
expires it, and every later reader would fail with DetachedInstanceError). `freeze(row)` makes
the frozen copy of a table row that caches hold instead."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import functools
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from sqlmodel import SQLModel

V = TypeVar("V")


class TTLCache(Generic[V]):
    def __init__(self, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._loading: dict[Hashable, asyncio.Future[V]] = {}

    async def get_or_load(self, key: Hashable, load: Callable[[], Awaitable[V]],
                          ttl: Callable[[V], float]) -> V:
        """The cached value while fresh, else `load()`; `ttl(value)` says for how long (s)."""
        found = self._entries.get(key)
        if found is not None and found[0] > self.clock():
            return found[1]
        pending = self._loading.get(key)
        if pending is not None:  # one load per key at a time; the others wait for it
            return await asyncio.shield(pending)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody else must
            raise
        finally:
            self._loading.pop(key, None)
        future.set_result(value)
        self._entries[key] = (self.clock() + ttl(value), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return value

    def discard(self, key: Hashable) -> None:
        """Forget one entry (this process changed what it holds)."""
        self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every entry (after a change that many cached values depend on)."""
        self._entries.clear()


@functools.cache
def _frozen_type(model: type[SQLModel]) -> type:
    return dataclasses.make_dataclass(f"Frozen{model.__name__}", list(model.model_fields),
                                      frozen=True, slots=True)


def freeze(row: SQLModel) -> Any:
    """A frozen dataclass with the row's column values, read once (JSON columns deep-copied):
    it has the row's attribute names, so readers need no change, and no session behind it."""
    frozen = _frozen_type(type(row))
    return frozen(**{name: copy.deepcopy(getattr(row, name)) for name in type(row).model_fields})
