"""`library mutate` grades real mutants of a reference in the sandbox."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from app.config import REPO_ROOT
from app.library.loader import load_challenge
from app.library.mutation import mutate_challenge

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]


async def test_the_hidden_tests_catch_each_kind_of_mutant(sandbox) -> None:  # type: ignore[no-untyped-def]
    challenge = load_challenge(REPO_ROOT, "health-and-typed-path-params")
    report = await mutate_challenge(challenge, sandbox.run, asyncio.Semaphore(2), max_mutants=4)
    assert report.total == 4, report.errors
    assert report.caught == 4, report.survivors
    assert report.version == challenge.version


async def test_an_equivalent_mutant_survives(sandbox) -> None:  # type: ignore[no-untyped-def]
    """A mutation no test can see (a field the API never shows) is reported as a survivor:
    the figure is measured, not assumed."""
    challenge = load_challenge(REPO_ROOT, "health-and-typed-path-params")
    reference = challenge.reference["solution.py"]
    padded = reference.replace("class Item(BaseModel):\n",
                               "class Unused(BaseModel):\n    a: int = 0\n    b: int = 0\n\n\n"
                               "class Item(BaseModel):\n", 1)
    assert padded != reference
    twin = dataclasses.replace(challenge, reference={"solution.py": padded})
    report = await mutate_challenge(twin, sandbox.run, asyncio.Semaphore(2), max_mutants=8)
    assert any("Unused.a dropped" in s for s in report.survivors), report.survivors
    assert report.caught < report.total
