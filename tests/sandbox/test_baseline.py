"""The suite's own baseline: a challenge loaded from disk grades as expected in the sandbox."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.grading.contract import Verdict
from app.library.loader import load_challenge

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]

FIXTURE_LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "library"


async def test_fixture_challenge_reference_passes_and_starter_fails(sandbox):
    challenge = load_challenge(FIXTURE_LIBRARY, "upload-checks")
    reference, starter = await asyncio.gather(sandbox.run(challenge.request(challenge.reference)),
                                              sandbox.run(challenge.request({})))
    assert reference.verdict is Verdict.PASSED, reference
    assert reference.score == 1.0
    assert starter.verdict is Verdict.FAILED, starter
    assert [t.title for t in starter.tests] == ["GET /health says ok"]
    assert starter.candidate_view()["tests"] == [{"title": "GET /health says ok", "passed": False}]
