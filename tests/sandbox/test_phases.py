"""The harness reports its progress (for the live status): the app starting, then the tests."""

from __future__ import annotations

import pytest

from app.config import REPO_ROOT
from app.grading.contract import Verdict
from app.library.loader import load_challenge

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]
SLUG = "health-and-typed-path-params"


async def test_phases_arrive_in_order_before_the_verdict(sandbox) -> None:  # type: ignore[no-untyped-def]
    challenge = load_challenge(REPO_ROOT, SLUG)
    heard: list[str] = []

    async def on_phase(phase: str) -> None:
        heard.append(phase)

    result = await sandbox.run(challenge.request(challenge.reference), on_phase=on_phase)
    assert result.verdict is Verdict.PASSED
    assert heard == ["app", "tests"]

    heard.clear()
    broken = await sandbox.run(challenge.request({"solution.py": "app = (\n"}), on_phase=on_phase)
    assert broken.verdict is Verdict.APP_ERROR
    assert heard == ["app"]  # the tests never started
