"""The candidate's hour over HTTP: the welcome page, Start, drafts, limits, the deadline."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlmodel import select

from app.grading.contract import Verdict
from app.models import Attempt, AttemptEvent, Invite, Snapshot, Submission, utcnow
from app.services import attempts
from tests.candidates import csrf_in, invite_link, press_start, soup
from tests.unit.test_queue import make_worker, scripted

SLUG = "health-and-typed-path-params"
CODE = "from fastapi import FastAPI\napp = FastAPI()\n"


async def rows(app, model):  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        return list((await session.exec(select(model))).all())


async def move_deadline(app, delta: timedelta) -> None:  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        attempt = (await session.exec(select(Attempt))).one()
        attempt.deadline_at = utcnow() + delta
        session.add(attempt)
        await session.commit()


async def save(client: httpx.AsyncClient, link: str, code: str) -> httpx.Response:
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    return await client.put(f"{link}/c/{SLUG}/draft", data={
        "csrf": csrf_in(page), "file:solution.py": code}, headers={"HX-Request": "true"})


async def test_welcome_page_explains_and_does_not_start_the_clock(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime, time_limit_min=45, extra_minutes=15)
    page = soup(await client.get(link))
    text = page.get_text(" ", strip=True)
    assert "1 h" in text and "15 min of extra time" in text
    assert "paste" in text and "loses focus" in text  # what is recorded, said up front
    titles = [tr.find("td").contents[0].strip() for tr in page.select("tbody tr")]
    assert titles == [c.meta.title for c in app.state.runtime.library.values()]
    assert await rows(app, Attempt) == []
    assert (await client.get(f"{link}/c/{SLUG}")).status_code == 409  # not started


async def test_start_sets_a_server_deadline_once(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime, time_limit_min=30, extra_minutes=10)
    before = utcnow()
    assert (await press_start(client, link)).status_code == 303
    (attempt,) = await rows(app, Attempt)
    assert timedelta(minutes=40) <= attempt.deadline_at - before < timedelta(minutes=41)
    page = soup(await client.get(link))
    assert 2390 <= int(page.find(class_="countdown")["data-remaining"]) <= 2400
    again = await client.post(f"{link}/start", data={"csrf": csrf_in(page)})
    assert again.status_code == 303 and len(await rows(app, Attempt)) == 1


async def test_draft_is_restored_in_another_browser_and_snapshots_only_changes(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    await press_start(client, link)
    assert (await save(client, link, CODE)).status_code == 200
    assert (await save(client, link, CODE)).status_code == 200  # unchanged: no new snapshot
    assert (await save(client, link, CODE + "# more\n")).status_code == 200
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as other_browser:
        page = soup(await other_browser.get(f"{link}/c/{SLUG}"))
    assert page.find("textarea").get_text() == CODE + "# more\n"
    assert page.find(id="save-state").get_text().startswith("Saved ")
    assert len(await rows(app, Snapshot)) == 2


async def test_after_the_deadline_writes_get_409_and_the_attempt_is_closed(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    await press_start(client, link)
    await save(client, link, CODE)
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    await move_deadline(app, timedelta(seconds=-1))
    late = await client.post(f"{link}/c/{SLUG}/submissions", data={
        "csrf": csrf_in(page), "action": "submit", "file:solution.py": CODE},
        headers={"Accept": "application/json"})
    assert late.status_code == 409 and "time is up" in late.json()["error"]["message"]
    (attempt,) = await rows(app, Attempt)
    assert attempt.finish_reason == "deadline" and attempt.finished_at == attempt.deadline_at
    # the late submit is refused; the code saved before the deadline is graded, once
    assert [(s.at_deadline, s.files) for s in await rows(app, Submission)] == [
        (True, {"solution.py": CODE})]
    finished = soup(await client.get(link))
    assert "Time ran out" in finished.get_text()


async def test_sweeper_closes_attempts_nobody_came_back_to(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    await press_start(client, link)
    await move_deadline(app, timedelta(seconds=-5))
    async with app.state.runtime.sessions() as session:
        assert await attempts.close_expired(session=session, now=utcnow()) == 1
        assert await attempts.close_expired(session=session, now=utcnow()) == 0


async def test_finishing_locks_the_attempt(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    await press_start(client, link)
    home = soup(await client.get(link))
    assert (await client.post(f"{link}/finish", data={"csrf": csrf_in(home),
                                                       "confirm": "yes"})).status_code == 303
    assert "You finished" in soup(await client.get(link)).get_text()
    assert (await client.get(f"{link}/c/{SLUG}")).status_code == 303  # back to the summary
    late = await client.put(f"{link}/c/{SLUG}/draft", data={
        "csrf": csrf_in(home), "file:solution.py": CODE})
    assert late.status_code == 409
    (attempt,) = await rows(app, Attempt)
    assert attempt.finish_reason == "finished"


async def test_submission_allowance_is_enforced(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime, max_submissions=2)
    await press_start(client, link)
    statuses = []
    for _ in range(3):
        page = soup(await client.get(f"{link}/c/{SLUG}"))
        response = await client.post(f"{link}/c/{SLUG}/submissions", data={
            "csrf": csrf_in(page), "action": "submit", "file:solution.py": CODE,
            "confirm": "yes"})
        statuses.append(response.status_code)
        if response.status_code == 303:  # Submit waits while a submission is being graded
            again = await client.post(f"{link}/c/{SLUG}/submissions", data={
                "csrf": csrf_in(page), "action": "submit", "file:solution.py": CODE,
                "confirm": "yes"})
            assert again.status_code == 409 and "still being graded" in again.text
            worker = make_worker(app.state.runtime, scripted(Verdict.FAILED))
            assert await worker.run_once()
    assert statuses == [303, 303, 409]
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    examples = await client.post(f"{link}/c/{SLUG}/submissions", data={
        "csrf": csrf_in(page), "action": "examples", "file:solution.py": CODE})
    assert examples.status_code == 303  # running the examples does not count


async def test_paste_and_focus_events_are_recorded(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    await press_start(client, link)
    csrf = csrf_in(soup(await client.get(f"{link}/c/{SLUG}")))
    for kind in ("paste", "blur"):
        response = await client.post(f"{link}/events", data={
            "csrf": csrf, "kind": kind, "slug": SLUG, "detail": "120 characters"})
        assert response.status_code == 204
    bad = await client.post(f"{link}/events", data={"csrf": csrf, "kind": "keylog"})
    assert bad.status_code == 409
    assert [e.kind for e in await rows(app, AttemptEvent)] == ["paste", "blur"]


async def test_revoked_and_expired_invites(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    async with app.state.runtime.sessions() as session:
        invite = (await session.exec(select(Invite))).one()
        invite.expires_at = utcnow() - timedelta(minutes=1)
        session.add(invite)
        await session.commit()
    page = soup(await client.get(link))
    assert page.find(class_="error") and page.find("button") is None
    async with app.state.runtime.sessions() as session:
        invite = (await session.exec(select(Invite))).one()
        invite.revoked_at = utcnow()
        session.add(invite)
        await session.commit()
    assert (await client.get(link)).status_code == 404


async def test_forged_candidate_form_is_refused(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime)
    assert (await client.post(f"{link}/start", data={"csrf": "0" * 64})).status_code == 403
    assert await rows(app, Attempt) == []
