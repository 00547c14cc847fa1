"""Fakes for the error-envelope challenge (runs in the candidate's process; not secret).

Replaces the `get_notifier` dependency with a notifier that fails in an unexpected way (a
RuntimeError whose text holds internal details) for every task whose title contains "[fail]".
A correct app answers those with its generic 500 envelope and never shows that text.
"""

from __future__ import annotations

import types
from typing import Any

from fastapi import FastAPI

FAIL_MARK = "[fail]"
SECRET = "smtp://ops:hunter2-6f1e@mail.internal:587"


class FailingNotifier:
    """Same interface as the starter's Notifier."""

    async def send(self, task: Any) -> None:
        if FAIL_MARK in task.title:
            raise RuntimeError(f"SMTP login failed for {SECRET}")


def install(app: FastAPI, module: types.ModuleType) -> None:
    notifier = FailingNotifier()
    app.dependency_overrides[module.get_notifier] = lambda: notifier
