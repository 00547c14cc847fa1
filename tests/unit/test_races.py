"""No races: concurrent requests on one invite get the one row that exists, never a 500, and
a request that fails inside a transaction leaves nothing broken for the candidate's next ones."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, update
from sqlmodel import select

from app.errors import Conflict
from app.grading import queue
from app.grading.contract import Verdict
from app.models import (
    Attempt,
    ChallengeProgress,
    Draft,
    GradingJob,
    QuizItem,
    QuizSection,
    Submission,
    utcnow,
)
from app.services import attempts, submissions
from app.services.upsert import insert_or_get
from tests.candidates import csrf_in, invite_link, press_start, soup
from tests.unit.test_queue import make_worker, scripted

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


async def grade_everything(runtime) -> None:  # type: ignore[no-untyped-def]
    worker = make_worker(runtime, scripted(Verdict.PASSED))
    while await worker.run_once():
        pass


async def test_thirty_concurrent_submits_never_pass_the_allowance(app, loose) -> None:  # type: ignore[no-untyped-def]
    """Allowance 10. While a graded submission is queued or running, Submit answers 409; the
    allowance is counted by the same conditional UPDATE. So each burst of 30 concurrent
    submits gets exactly one 202 until the allowance is used, then only 409s: exactly 10 in
    all, numbered 1..10."""
    runtime = app.state.runtime
    token = (await invite_link(runtime, slugs=[SLUG], max_submissions=10)).removeprefix("/a/")
    base = f"/api/v1/attempts/{token}"
    await loose.post(f"{base}/start")
    accepted = 0
    for burst in range(11):
        answers = await asyncio.gather(*(
            loose.post(f"{base}/challenges/{SLUG}/submissions",
                       json=FILES)  # same code: the draft's own revision rule stays out
            for _ in range(30)))
        codes = Counter(r.status_code for r in answers)
        assert codes == ({202: 1, 409: 29} if burst < 10 else {409: 30}), (burst, codes)
        refused = [r.json()["error"]["message"] for r in answers if r.status_code == 409]
        expected = "still being graded" if burst < 10 else "used all 10 submissions"
        assert all(expected in message for message in refused), refused[:2]
        accepted += codes[202]
        await grade_everything(runtime)
    assert accepted == 10
    async with runtime.sessions() as session:
        numbers = (await session.exec(select(Submission.number).where(
            Submission.kind == "submit").order_by(Submission.id))).all()
    assert list(numbers) == list(range(1, 11))


async def test_the_allowance_alone_is_exact_under_thirty_concurrent_submits(app) -> None:  # type: ignore[no-untyped-def]
    """The counter's conditional UPDATE by itself: 30 concurrent takes of an allowance of 10
    (the in-flight rule cleared before each take) → exactly 10 succeed, 20 are refused."""
    runtime = app.state.runtime
    token = (await invite_link(runtime, slugs=[SLUG], max_submissions=10)).removeprefix("/a/")
    async with runtime.sessions() as session:
        ctx = await attempts.load(session=session, token=token, now=utcnow())
        await attempts.start(session=session, ctx=ctx, now=utcnow())
        ctx = await attempts.load(session=session, token=token, now=utcnow())
        progress, _ = await insert_or_get(session, ChallengeProgress, {
            "attempt_id": ctx.attempt.id, "challenge_version_id": ctx.view.versions[0].id},
            key=("attempt_id", "challenge_version_id"))
        await session.commit()

    async def take() -> int | str:
        async with runtime.sessions() as session:
            try:
                number = await attempts._take_submission(session, progress.id, 10)
                await session.exec(update(ChallengeProgress).where(
                    ChallengeProgress.id == progress.id).values(submissions_pending=0))
                await session.commit()
                return number
            except Conflict as refused:
                return str(refused)

    outcomes = await asyncio.gather(*(take() for _ in range(30)))
    numbers = sorted(o for o in outcomes if isinstance(o, int))
    assert numbers == list(range(1, 11))
    refusals = [o for o in outcomes if isinstance(o, str)]
    assert len(refusals) == 20 and all("used all 10" in r for r in refusals)


async def test_a_burst_of_example_runs_keeps_at_most_one_queued(app, loose) -> None:  # type: ignore[no-untyped-def]
    runtime = app.state.runtime
    token = (await invite_link(runtime, slugs=[SLUG])).removeprefix("/a/")
    base = f"/api/v1/attempts/{token}"
    await loose.post(f"{base}/start")
    answers = await asyncio.gather(*(
        loose.post(f"{base}/challenges/{SLUG}/submissions",
                   json=FILES | {"kind": "examples"})
        for _ in range(20)))
    assert Counter(r.status_code for r in answers) == {202: 20}  # each replaces the queued one
    async with runtime.sessions() as session:
        states = Counter((await session.exec(select(GradingJob.state))).all())
        statuses = Counter((await session.exec(select(Submission.status))).all())
    assert states == {"queued": 1, "cancelled": 19}
    assert statuses == {"queued": 1, "replaced": 19}
    # Once it runs, a new run waits for it: 409 with a message, nothing more queued.
    async with runtime.sessions() as session:
        assert await queue.claim(session, "w1", 30.0) is not None
    busy = await loose.post(f"{base}/challenges/{SLUG}/submissions",
                            json={"files": {"solution.py": "app = 9\n"}, "kind": "examples"})
    assert busy.status_code == 409 and "still running" in busy.json()["error"]["message"]
    # A graded submission is not held back by an example run, and ranks before it.
    graded = await loose.post(f"{base}/challenges/{SLUG}/submissions",
                              json={"files": {"solution.py": "app = 10\n"}})
    assert graded.status_code == 202
    async with runtime.sessions() as session:
        priorities = dict((await session.exec(
            select(Submission.kind, GradingJob.priority)
            .join(GradingJob, GradingJob.submission_id == Submission.id)
            .where(GradingJob.state != "cancelled"))).all())
    assert priorities["submit"] < priorities["examples"]


async def test_submit_waits_for_grading_and_is_numbered(app, client) -> None:  # type: ignore[no-untyped-def]
    """The Submit button is disabled while the submission is queued or running; the polled
    status swaps it back in (out of band), enabled with the live count once graded; the
    candidate sees "Submission 1", not the global id."""
    runtime = app.state.runtime
    other = await invite_link(runtime, slugs=[SLUG], name="Bea")  # global ids move on
    await press_start(client, other)
    page = soup(await client.get(f"{other}/c/{SLUG}"))
    await client.post(f"{other}/c/{SLUG}/submissions", data={
        "csrf": csrf_in(page), "action": "submit", "file:solution.py": "app = 1\n"})
    link = await invite_link(runtime, slugs=[SLUG], max_submissions=3)
    await press_start(client, link)
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    assert page.find(id="submit-button").get("disabled") is None
    htmx = {"HX-Request": "true"}
    sent = soup(await client.post(f"{link}/c/{SLUG}/submissions", headers=htmx, data={
        "csrf": csrf_in(page), "action": "submit", "file:solution.py": "app = 2\n"}))
    assert sent.find(id="status").find("h2").get_text() == "Submission 1"
    button = sent.find(id="submit-button")
    assert button["hx-swap-oob"] == "true" and button.has_attr("disabled")
    assert "1/3 used" in button.get_text()
    reloaded = soup(await client.get(f"{link}/c/{SLUG}"))
    assert reloaded.find(id="submit-button").has_attr("disabled")
    assert not reloaded.find(id="status").find(id="submit-button")  # not inside the status
    await grade_everything(runtime)
    runtime.statuses.clear()  # the pending status is cached for a quarter of a second
    status_url = reloaded.find(id="status")["hx-get"]
    polled = soup(await client.get(status_url, headers=htmx))
    button = polled.find(id="submit-button")
    assert not button.has_attr("disabled") and "1/3 used" in button.get_text()
    assert polled.find(id="status").find("h2").get_text() == "Submission 1"
