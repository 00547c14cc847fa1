"""Fakes for the process-time-middleware challenge (runs in the candidate's process; not secret).

Thin proxies of the grader's service (service.py): `app.state.clock` asks the grader for the
time, and `get_sleep` is a sleep that advances the grader's clock instead of waiting. The clock
moves only when the app sleeps, so GET /work?ms=250 takes 250 fake milliseconds (plus the
overshoot a test may choose), and every request that does not sleep takes none.
"""

from __future__ import annotations

import types

from crucible_link import grader
from fastapi import FastAPI


def grader_clock() -> float:
    return float(grader().call("now"))


async def grader_sleep(seconds: float) -> None:
    await grader().acall("sleep", seconds)


def install(app: FastAPI, module: types.ModuleType) -> None:
    app.state.clock = grader_clock
    app.dependency_overrides[module.get_sleep] = lambda: grader_sleep
