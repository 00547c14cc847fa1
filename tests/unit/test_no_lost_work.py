"""Never lose or overwrite work: draft revisions (two tabs), the deadline submission (exactly
once, whoever closes the attempt), and confirmations that the server insists on."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from app.models import Attempt, AuditEntry, Draft, GradingJob, Invite, Submission, utcnow
from app.services import accounts, attempts, deadline, invites
from app.services.accounts import Role
from tests.candidates import csrf_in, invite_link, press_start, soup

SLUG = "health-and-typed-path-params"
CODE = "from fastapi import FastAPI\napp = FastAPI()\n"
PASSWORD = "correct horse battery"


async def rows(app, model):  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        return list((await session.exec(select(model).order_by(model.id))).all())


async def tab(client: httpx.AsyncClient, link: str) -> dict[str, str]:
    """A freshly loaded challenge page: its form token and the revision it was based on."""
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    return {"csrf": csrf_in(page), "revision": page.find("input", {"name": "revision"})["value"]}


async def autosave(client: httpx.AsyncClient, link: str, tab_: dict[str, str],
                   code: str) -> httpx.Response:
    response = await client.put(f"{link}/c/{SLUG}/draft", data=tab_ | {"file:solution.py": code},
                                headers={"HX-Request": "true"})
    if response.status_code == 200:  # the page's script follows the revision it was given
        tab_["revision"] = soup(response).find(id="save-state")["data-revision"]
    return response


async def started(app, client, **kwargs) -> str:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime, slugs=[SLUG], **kwargs)
    await press_start(client, link)
    return link


async def test_a_stale_tab_cannot_overwrite_newer_code(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    first, second = await tab(client, link), await tab(client, link)
    assert first["revision"] == second["revision"] == "0"
    assert (await autosave(client, link, first, CODE + "# first tab\n")).status_code == 200
    assert (await autosave(client, link, first, CODE + "# first tab, later\n")).status_code == 200
    stale = await autosave(client, link, second, CODE + "# second tab\n")
    assert stale.status_code == 409
    assert stale.headers["X-Draft-Revision"] == "2" and stale.headers["ETag"] == '"2"'
    assert "changed in another tab" in stale.text
    (draft,) = await rows(app, Draft)
    assert draft.files["solution.py"] == CODE + "# first tab, later\n" and draft.revision == 2
    # "Load the newer version": the stored code and its revision
    latest = (await client.get(f"{link}/c/{SLUG}/draft")).json()
    assert latest["revision"] == 2 and latest["files"]["solution.py"].endswith("later\n")
    # "Keep this one": saved as a new revision on top of the newer one
    second["revision"] = stale.headers["X-Draft-Revision"]
    assert (await autosave(client, link, second, CODE + "# second tab\n")).status_code == 200
    (draft,) = await rows(app, Draft)
    assert draft.files["solution.py"] == CODE + "# second tab\n" and draft.revision == 3
    # the first tab is stale now, and is refused in turn
    assert (await autosave(client, link, first, CODE + "# again\n")).status_code == 409


async def test_concurrent_saves_of_one_revision_let_exactly_one_through(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    base = await tab(client, link)
    await autosave(client, link, base, CODE)
    tabs = [dict(base) for _ in range(8)]
    results = await asyncio.gather(*(autosave(client, link, t, CODE + f"# {i}\n")
                                     for i, t in enumerate(tabs)))
    assert sorted(r.status_code for r in results) == [200] + [409] * 7
    (draft,) = await rows(app, Draft)
    assert draft.revision == 2


async def test_without_javascript_a_conflict_page_offers_both_versions(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    old = await tab(client, link)
    await autosave(client, link, await tab(client, link), CODE + "# elsewhere\n")
    response = await client.post(f"{link}/c/{SLUG}/draft",
                                 data=old | {"file:solution.py": CODE + "# mine\n"})
    assert response.status_code == 409
    page = soup(response)
    assert page.find(id="load-newer")["href"] == f"{link}/c/{SLUG}"
    keep = page.find(id="keep-mine").find_parent("form")
    fields = {i["name"]: i.get("value") for i in keep.find_all("input")}
    assert fields["revision"] == "1"
    assert keep.find("textarea", {"name": "file:solution.py"}).get_text() == CODE + "# mine\n"
    kept = await client.post(keep["action"], data=fields | {
        "file:solution.py": CODE + "# mine\n"})
    assert kept.status_code == 303
    (draft,) = await rows(app, Draft)
    assert draft.files["solution.py"].endswith("# mine\n") and draft.revision == 2


async def test_the_api_takes_if_match_or_a_revision_field(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    url = f"/api/v1/attempts/{link.removeprefix('/a/')}/challenges/{SLUG}/draft"
    first = await client.put(url, json={"files": {"solution.py": "a = 1\n"}, "revision": 0})
    assert first.status_code == 200 and first.json()["revision"] == 1
    assert first.headers["ETag"] == '"1"'
    second = await client.put(url, json={"files": {"solution.py": "a = 2\n"}},
                              headers={"If-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.json()["revision"] == 2
    stale = await client.put(url, json={"files": {"solution.py": "a = 3\n"}},
                             headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and stale.headers["ETag"] == '"2"'
    assert stale.json()["error"]["status"] == 409
    assert "another tab" in stale.json()["error"]["message"]
    stale_field = await client.put(url, json={"files": {"solution.py": "a = 3\n"},
                                              "revision": 1})
    assert stale_field.status_code == 409
    submit = await client.post(url.replace("/draft", "/submissions"),
                               json={"files": {"solution.py": "a = 4\n"}, "revision": 1})
    assert submit.status_code == 409 and await rows(app, Submission) == []
    (draft,) = await rows(app, Draft)
    assert draft.files["solution.py"] == "a = 2\n"


async def _expire(app) -> Attempt:  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        attempt = (await session.exec(select(Attempt))).one()
        attempt.deadline_at = utcnow() - timedelta(seconds=1)
        session.add(attempt)
        await session.commit()
        return attempt


async def test_deadline_grading_happens_exactly_once_with_concurrent_closers(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    await autosave(client, link, await tab(client, link), CODE + "# written, never submitted\n")
    attempt = await _expire(app)
    runtime = app.state.runtime

    async def sweeper() -> None:
        async with runtime.sessions() as session:
            await attempts.close_expired(session=session, now=utcnow())
            await deadline.grade_pending(session=session, now=utcnow())

    async def closer() -> None:
        async with runtime.sessions() as session:
            await deadline.grade_closed(session=session, attempt_id=attempt.id)

    async def page_load() -> None:
        await client.get(link)

    await asyncio.gather(*(f() for f in [sweeper, closer, page_load] * 4))
    subs = await rows(app, Submission)
    assert [(s.at_deadline, s.kind, s.files["solution.py"]) for s in subs] == [
        (True, "submit", CODE + "# written, never submitted\n")]
    assert [j.submission_id for j in await rows(app, GradingJob)] == [subs[0].id]
    # and again later: nothing new
    await sweeper()
    assert len(await rows(app, Submission)) == 1
    finished = soup(await client.get(link))
    assert "submitted at the deadline" in finished.get_text()
    assert finished.select_one("tbody tr td:nth-of-type(2)").get_text().startswith("0")


async def test_the_sweeper_grades_an_attempt_nobody_has_open(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    await autosave(client, link, await tab(client, link), CODE + "# left open\n")
    await _expire(app)
    async with app.state.runtime.sessions() as session:
        assert await attempts.close_expired(session=session, now=utcnow()) == 1
        assert len(await deadline.grade_pending(session=session, now=utcnow())) == 1
        assert await deadline.grade_pending(session=session, now=utcnow()) == []
    (sub,) = await rows(app, Submission)
    assert sub.at_deadline and sub.files["solution.py"].endswith("# left open\n")


async def test_code_already_submitted_or_never_written_is_not_submitted_again(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client)
    page = await tab(client, link)
    sent = await client.post(f"{link}/c/{SLUG}/submissions", data=page | {
        "action": "submit", "file:solution.py": CODE})
    assert sent.status_code == 303
    await _expire(app)
    await client.get(link)
    assert [s.at_deadline for s in await rows(app, Submission)] == [None]


async def test_finishing_needs_the_confirmation_and_grades_the_rest(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client, knowledge_check={"count": 2, "time_limit_min": 10})
    await autosave(client, link, await tab(client, link), CODE + "# unsubmitted\n")
    home = soup(await client.get(link))
    form = home.find("form", action=f"{link}/finish")
    assert form.find("button")["data-confirm-href"] == f"{link}/finish"
    refused = await client.post(f"{link}/finish", data={"csrf": csrf_in(home)})
    assert refused.status_code == 303 and refused.headers["location"] == f"{link}/finish"
    assert (await rows(app, Attempt))[0].finished_at is None
    confirm = soup(await client.get(f"{link}/finish"))
    assert confirm.find(id="never-submitted").get_text(" ", strip=True).startswith(
        "1 challenge never submitted")
    assert confirm.find(id="unanswered-count").get_text(strip=True) == (
        "2 knowledge-check questions unanswered")
    fragment = await client.get(f"{link}/finish", headers={"X-Requested-With": "fetch"})
    assert "<html" not in fragment.text and 'id="finish-confirm"' in fragment.text
    done_form = confirm.find(id="finish-now").find_parent("form")
    data = {i["name"]: i["value"] for i in done_form.find_all("input")}
    assert data["confirm"] == "yes"
    assert (await client.post(done_form["action"], data=data)).status_code == 303
    (attempt,) = await rows(app, Attempt)
    assert attempt.finish_reason == "finished"
    assert [s.at_deadline for s in await rows(app, Submission)] == [True]


async def test_the_last_allowed_submission_needs_the_confirmation(app, client) -> None:  # type: ignore[no-untyped-def]
    link = await started(app, client, max_submissions=1)
    page = await tab(client, link)
    script = await client.get(f"{link}/c/{SLUG}/submit", headers={"X-Requested-With": "fetch"})
    assert script.status_code == 200 and 'id="submit-confirm"' in script.text
    htmx = await client.post(f"{link}/c/{SLUG}/submissions", data=page | {
        "action": "submit", "file:solution.py": CODE}, headers={"HX-Request": "true"})
    assert htmx.status_code == 409
    asked = await client.post(f"{link}/c/{SLUG}/submissions", data=page | {
        "action": "submit", "file:solution.py": CODE + "# last\n"})
    assert asked.status_code == 200 and await rows(app, Submission) == []
    form = soup(asked).find(id="submit-last").find_parent("form")
    data = {i["name"]: i["value"] for i in form.find_all("input")}
    assert data["confirm"] == "yes" and data["file:solution.py"] == CODE + "# last\n"
    assert (await rows(app, Draft))[0].files["solution.py"] == CODE + "# last\n"  # kept
    assert (await client.post(form["action"], data=data)).status_code == 303
    (sub,) = await rows(app, Submission)
    assert sub.files["solution.py"] == CODE + "# last\n" and sub.at_deadline is None
    examples = await client.get(f"{link}/c/{SLUG}/submit", headers={"X-Requested-With": "fetch"})
    assert examples.status_code == 204  # nothing left to confirm: the allowance refuses


@pytest.fixture
async def staff(app):  # type: ignore[no-untyped-def]
    async with app.state.runtime.sessions() as session:
        for email, role in (("root@example.com", Role.ADMIN), ("ada@example.com",
                                                               Role.INTERVIEWER)):
            await accounts.create_user(session=session, email=email, role=role,
                                       password=PASSWORD)


async def sign_in(client: httpx.AsyncClient, email: str) -> str:
    csrf = csrf_in(soup(await client.get("/login")))
    await client.post("/login", data={"email": email, "password": PASSWORD, "csrf": csrf})
    return csrf_in(soup(await client.get("/admin/assessments")))


async def test_revoking_needs_the_confirmation_and_a_revoked_invite_can_be_restored(
        app, client, staff) -> None:  # type: ignore[no-untyped-def]
    link = await invite_link(app.state.runtime, slugs=[SLUG])
    token = link.removeprefix("/a/")
    csrf = await sign_in(client, "root@example.com")
    base = "/admin/assessments/1/invites/1"
    refused = await client.post(f"{base}/revoke", data={"csrf": csrf})
    assert refused.status_code == 303 and refused.headers["location"] == f"{base}/revoke"
    assert (await rows(app, Invite))[0].revoked_at is None
    confirm = soup(await client.get(f"{base}/revoke"))
    assert "Ada" in confirm.find(id="confirm-title").get_text()
    form = confirm.find(id="revoke-now").find_parent("form")
    data = {i["name"]: i["value"] for i in form.find_all("input")}
    assert (await client.post(form["action"], data=data)).status_code == 303
    assert (await client.get(link)).status_code == 404
    detail = soup(await client.get("/admin/assessments/1"))
    restore = detail.select_one("#invites form.restore")
    assert restore["action"] == f"{base}/restore"
    assert (await client.post(restore["action"], data={"csrf": csrf})).status_code == 303
    assert (await client.get(link)).status_code == 200
    async with app.state.runtime.sessions() as session:
        assert (await invites.invite_by_token(session=session, token=token)).revoked_at is None
    assert [e.action for e in await rows(app, AuditEntry)
            if e.action.startswith("invite_")] == ["invite_revoked", "invite_restored"]


async def test_an_interviewer_cannot_revoke_or_restore(app, client, staff) -> None:  # type: ignore[no-untyped-def]
    await invite_link(app.state.runtime, slugs=[SLUG])
    async with app.state.runtime.sessions() as session:
        await invites.revoke_invite(session=session, invite_id=1, now=utcnow())
    csrf = await sign_in(client, "ada@example.com")
    base = "/admin/assessments/1/invites/1"
    assert (await client.post(f"{base}/restore", data={"csrf": csrf})).status_code == 403
    assert (await client.get(f"{base}/revoke")).status_code == 403
    assert (await rows(app, Invite))[0].revoked_at is not None
    # and an invite is restored only through its own assessment
    other = await invite_link(app.state.runtime, slugs=[SLUG], name="Bo")
    assert other
    csrf = await sign_in(client, "root@example.com")
    assert (await client.post("/admin/assessments/2/invites/1/restore",
                              data={"csrf": csrf})).status_code == 404
