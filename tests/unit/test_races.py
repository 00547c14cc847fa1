"""No races: concurrent requests on one invite get the one row that exists, never a 500, and
a request that fails inside a transaction leaves nothing broken for the candidate's next ones."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import select

from app.models import Attempt, Draft, QuizItem, QuizSection, Submission, utcnow
from app.services import submissions
from tests.candidates import csrf_in, invite_link, press_start, soup

SLUG = "health-and-typed-path-params"
FILES = {"files": {"solution.py": "app = None\n"}}


@pytest.fixture
async def loose(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """A client that sees a server error as the 500 a browser gets (not as an exception)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app,
                                                               raise_app_exceptions=False),
                                 base_url="http://testserver") as client:
        yield client


async def count(runtime, model, *where) -> int:  # type: ignore[no-untyped-def]
    async with runtime.sessions() as session:
        return int((await session.exec(
            select(func.count()).select_from(model).where(*where))).one())


async def test_twenty_concurrent_starts_make_one_attempt(app, loose) -> None:  # type: ignore[no-untyped-def]
    token = (await invite_link(app.state.runtime)).removeprefix("/a/")
    answers = await asyncio.gather(*(loose.post(f"/api/v1/attempts/{token}/start")
                                     for _ in range(20)))
    assert Counter(r.status_code for r in answers) == {200: 20}
    assert len({r.json()["started_at"] for r in answers}) == 1
    assert await count(app.state.runtime, Attempt) == 1


async def test_concurrent_page_starts_and_quiz_starts_make_one_row_each(app, loose) -> None:  # type: ignore[no-untyped-def]
    runtime = app.state.runtime
    link = await invite_link(runtime, slugs=[SLUG], knowledge_check={
        "count": 4, "time_limit_min": 10, "draw": "fresh", "scoring": "all_or_nothing",
        "topics": [], "difficulty": ""})
    csrf = csrf_in(soup(await loose.get(link)))
    starts = await asyncio.gather(*(loose.post(f"{link}/start", data={"csrf": csrf})
                                    for _ in range(10)))
    assert Counter(r.status_code for r in starts) == {303: 10}
    quiz = await asyncio.gather(*(loose.post(f"{link}/quiz/start", data={"csrf": csrf})
                                  for _ in range(10)))
    assert Counter(r.status_code for r in quiz) == {303: 10}
    assert await count(runtime, Attempt) == 1
    assert await count(runtime, QuizSection) == 1
    assert await count(runtime, QuizItem) == 4  # drawn once, by the start that wrote the row


async def test_concurrent_first_submits_share_one_draft(app, loose) -> None:  # type: ignore[no-untyped-def]
    runtime = app.state.runtime
    token = (await invite_link(runtime, slugs=[SLUG])).removeprefix("/a/")
    base = f"/api/v1/attempts/{token}"
    await loose.post(f"{base}/start")
    answers = await asyncio.gather(*(
        loose.post(f"{base}/challenges/{SLUG}/submissions",
                   json={"files": {"solution.py": f"app = {n}\n"}, "kind": "submit"})
        for n in range(5)))
    assert all(r.status_code in (202, 409) for r in answers), [r.text for r in answers]
    assert await count(runtime, Draft) == 1


async def test_a_failed_transaction_leaves_the_candidates_next_requests_working(
        app, loose, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The request that loads the assessment into the (empty) cache fails inside its
    transaction; the rollback must not break what the cache now shares with later requests."""
    runtime = app.state.runtime
    link = await invite_link(runtime, slugs=[SLUG])
    assert (await press_start(loose, link)).status_code == 303
    csrf = csrf_in(soup(await loose.get(f"{link}/c/{SLUG}")))
    real_submit = submissions.submit

    async def failing_submit(*, session, attempt_id, **kwargs):  # type: ignore[no-untyped-def]
        session.add(Attempt(invite_id=(await session.get(Attempt, attempt_id)).invite_id,
                            candidate_name="twin", deadline_at=utcnow()))
        await session.flush()  # UNIQUE constraint failed: attempts.invite_id

    monkeypatch.setattr(submissions, "submit", failing_submit)
    runtime.views.clear()
    runtime.contexts.clear()
    failed = await loose.post(f"{link}/c/{SLUG}/submissions",
                              data={"csrf": csrf, "file:solution.py": "app = 1\n"})
    assert failed.status_code == 500
    monkeypatch.setattr(submissions, "submit", real_submit)
    for _ in range(3):
        assert (await loose.get(link)).status_code == 200
        assert (await loose.get(f"{link}/c/{SLUG}")).status_code == 200
        sent = await loose.post(f"{link}/c/{SLUG}/submissions",
                                data={"csrf": csrf, "file:solution.py": "app = 2\n",
                                      "action": "examples"})
        assert sent.status_code in (303, 409), sent.text
    assert await count(runtime, Submission) >= 1
