"""Fakes for the error-envelope challenge (runs in the candidate's process; not secret).

Replaces the `get_notifier` dependency with a notifier whose `send(task)` delivers the reminder
to the grader's outbox (service.py), which records it. When the test has asked the outbox to
fail a send, `send` raises the unexpected exception the outbox describes (a RuntimeError or a
ConnectionError whose text holds internal details). A correct app answers it with its generic
500 envelope and never shows that text.
"""

from __future__ import annotations

import types
from typing import Any

from crucible_link import grader
from fastapi import FastAPI

KINDS: dict[str, type[Exception]] = {
    "RuntimeError": RuntimeError,
    "ConnectionError": ConnectionError,
}


class GraderNotifier:
    """Same interface as the starter's Notifier."""

    async def send(self, task: Any) -> None:
        failure = await grader().acall("send", task.id, task.title)
        if failure is not None:
            raise KINDS.get(failure["kind"], RuntimeError)(failure["message"])


def install(app: FastAPI, module: types.ModuleType) -> None:
    notifier = GraderNotifier()
    app.dependency_overrides[module.get_notifier] = lambda: notifier
