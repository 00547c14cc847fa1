"""Admins' assessment pages: building an assessment, inviting, the link shown once, revoking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from app.errors import NotFound
from app.models import Assessment, Attempt, Invite, Submission, utcnow
from app.runtime import Runtime
from app.services import accounts, assessments, invites, overview
from app.services.accounts import Role
from app.services.overview import InviteStatus

PASSWORD = "correct horse battery"
ADMIN, INTERVIEWER = "root@example.com", "ada@example.com"
FIRST, SECOND, THIRD = "health-and-typed-path-params", "bearer-dependency-chain", "idempotency-keys"


@pytest.fixture(autouse=True)
async def staff(app):  # type: ignore[no-untyped-def]
    """The accounts these tests sign in with."""
    async with app.state.runtime.sessions() as session:
        await accounts.create_user(session=session, email=INTERVIEWER,
                                   role=Role.INTERVIEWER, password=PASSWORD)
        await accounts.create_user(session=session, email=ADMIN, role=Role.ADMIN,
                                   password=PASSWORD)


def soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def csrf_in(page: BeautifulSoup) -> str:
    return page.find("input", {"name": "csrf"})["value"]


async def sign_in(client: httpx.AsyncClient, email: str = ADMIN) -> str:
    """Signs in; returns the new session's CSRF token (signing in makes a fresh one)."""
    csrf = csrf_in(soup(await client.get("/login")))
    response = await client.post("/login", data={"email": email, "password": PASSWORD,
                                                 "csrf": csrf})
    assert response.status_code == 303
    return csrf_in(soup(await client.get("/admin/assessments")))


async def make_assessment(runtime: Runtime, *, slugs: tuple[str, ...] = (FIRST,),
                          closes_at: datetime | None = None) -> int:
    async with runtime.sessions() as session:
        assessment = await assessments.create_assessment(
            session=session, title="Backend", challenges=[runtime.library[s] for s in slugs],
            time_limit_min=60, closes_at=closes_at)
    return assessment.id


def form_values(page: BeautifulSoup) -> dict[str, object]:
    """What the form would send back as it stands (text fields, ticked boxes, selection)."""
    form = page.find("form", action="/admin/assessments")
    values: dict[str, object] = {
        "ticked": [box["value"] for box in form.find_all("input", {"name": "challenge"})
                   if box.has_attr("checked")],
        "description": form.find("textarea", {"name": "description"}).get_text(),
        "scoring": [o["value"] for o in form.find("select", {"name": "scoring"}).find_all(
            "option", selected=True)]}
    for field in form.find_all("input"):
        if field.get("type") not in ("checkbox", "hidden"):
            values[field["name"]] = field.get("value", "")
    return values


def page_strings(page: BeautifulSoup) -> list[str]:
    """Every text node and attribute value of a page."""
    found = [str(s) for s in page.find_all(string=True)]
    for tag in page.find_all(True):
        for value in tag.attrs.values():
            found.extend(value if isinstance(value, list) else [value])
    return found


async def test_admin_creates_an_assessment_in_the_chosen_order_with_pinned_versions(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    new = soup(await client.get("/admin/assessments/new"))
    assert [b["value"] for b in new.find_all("input", {"name": "challenge"})] == list(
        app.state.runtime.library)
    created = await client.post("/admin/assessments", data={
        "csrf": csrf, "title": "  Backend, senior  ", "description": "Three tasks.",
        "challenge": [FIRST, SECOND, THIRD], f"order.{THIRD}": "1", f"order.{FIRST}": "2",
        "time_limit_min": "75", "scoring": "last", "max_submissions": "4",
        "opens_at": "2030-01-02T09:00", "closes_at": "2030-01-09T17:30"})
    assert created.status_code == 303
    assert created.headers["location"] == "/admin/assessments/1"

    page = soup(await client.get(created.headers["location"]))
    assert page.find("h1").get_text() == "Backend, senior"
    rows = page.select("#challenges tbody tr")
    assert [r.find("code").get_text() for r in rows] == [THIRD, FIRST, SECOND]  # blank last
    library = app.state.runtime.library
    assert [r.find("code", class_="version").get_text() for r in rows] == [
        library[s].version for s in (THIRD, FIRST, SECOND)]
    async with app.state.runtime.sessions() as session:
        view = await assessments.get_assessment(session=session, assessment_id=1)
    a = view.assessment
    assert [(v.slug, v.version) for v in view.versions] == [
        (s, library[s].version) for s in (THIRD, FIRST, SECOND)]
    assert (a.time_limit_min, a.scoring, a.max_submissions) == (75, "last", 4)
    # Read back from the database (a fresh session): aware UTC, comparable with utcnow().
    assert a.opens_at == datetime(2030, 1, 2, 9, 0, tzinfo=UTC)
    assert a.closes_at == datetime(2030, 1, 9, 17, 30, tzinfo=UTC)
    assert a.opens_at > utcnow() and a.created_by == 2

    listing = soup(await client.get("/admin/assessments"))
    cells = [td.get_text(" ", strip=True) for td in listing.select("tbody tr td")]
    assert cells[:5] == ["Backend, senior", "3", "1 h 15 min",
                         "2030-01-02 09:00 → 2030-01-09 17:30", "0"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"challenge": []}, "an assessment needs at least one challenge"),
    ({"time_limit_min": "an hour"}, "the time limit must be a whole number"),
    ({"time_limit_min": "3"}, "the time limit must be between 5 and 600 minutes"),
    ({"max_submissions": "0"}, "submissions per challenge must be between 1 and 100"),
    ({"closes_at": "2030-01-01T08:00"}, "the assessment must close after it opens"),
    ({"opens_at": "next Tuesday"}, "opens at is not a date and time"),
    ({f"order.{SECOND}": "first"}, f"the order of {SECOND} must be a whole number"),
    ({"challenge": [FIRST, "no-such-thing"]}, "no challenge 'no-such-thing' in the library"),
    ({"title": "   "}, "an assessment needs a title"),
    ({"scoring": "average"}, "scoring must be one of best, last"),
])
async def test_bad_input_comes_back_with_a_message_and_everything_typed(
        app, client: httpx.AsyncClient, changes: dict[str, object], message: str) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    data: dict[str, object] = {
        "csrf": csrf, "title": "Backend", "description": "Keep <me>.",
        "challenge": [SECOND, FIRST], f"order.{SECOND}": "2", f"order.{FIRST}": "1",
        "time_limit_min": "45", "scoring": "last", "max_submissions": "3",
        "opens_at": "2030-01-02T09:00", "closes_at": "2030-01-09T17:30"} | changes
    response = await client.post("/admin/assessments", data=data)
    assert response.status_code == 400
    page = soup(response)
    assert page.find(class_="error").get_text(strip=True) == message
    kept = form_values(page)
    assert kept["title"] == data["title"] and kept["description"] == "Keep <me>."
    assert kept["time_limit_min"] == data["time_limit_min"]
    assert kept["opens_at"] == data["opens_at"] and kept["closes_at"] == data["closes_at"]
    assert kept["max_submissions"] == data["max_submissions"]
    assert kept[f"order.{SECOND}"] == data[f"order.{SECOND}"] and kept[f"order.{FIRST}"] == "1"
    known = [s for s in data["challenge"] if s in app.state.runtime.library]  # type: ignore[union-attr]
    assert sorted(kept["ticked"]) == sorted(known)  # type: ignore[arg-type]
    assert kept["scoring"] == ([data["scoring"]] if data["scoring"] in ("best", "last") else [])
    async with app.state.runtime.sessions() as session:
        assert (await session.exec(select(Assessment))).all() == []


async def test_an_assessment_can_carry_a_knowledge_check(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    section = soup(await client.get("/admin/assessments/new")).find(id="knowledge-check")
    assert section.name == "fieldset" and not section.has_attr("disabled")
    assert {f["name"] for f in section.find_all(["input", "select"])} == {
        "quiz_count", "quiz_time_limit_min", "quiz_topic", "quiz_difficulty", "quiz_draw",
        "quiz_scoring"}
    base = {"csrf": csrf, "title": "With a quiz", "challenge": FIRST, "time_limit_min": "60",
            "max_submissions": "3", "quiz_time_limit_min": "12", "quiz_topic": ["36"],
            "quiz_draw": "fresh", "quiz_scoring": "partial"}
    too_many = await client.post("/admin/assessments", data=base | {"quiz_count": "100"})
    assert too_many.status_code == 400
    page = soup(too_many)
    assert "questions matching these filters" in page.find(role="alert").get_text()
    assert page.find("input", {"name": "quiz_count"})["value"] == "100"  # kept as typed
    created = await client.post("/admin/assessments", data=base | {"quiz_count": "1"})
    assert created.status_code == 303
    async with app.state.runtime.sessions() as session:
        [assessment] = (await session.exec(select(Assessment))).all()
    check = assessment.knowledge_check
    assert (check["count"], check["time_limit_min"], check["topics"], check["draw"],
            check["scoring"]) == (1, 12, [36], "fresh", "partial")
    detail = soup(await client.get(created.headers["location"]))
    assert "a fresh draw per candidate" in detail.find(id="knowledge-check").get_text()


async def test_an_invite_shows_its_link_once(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    assessment_id = await make_assessment(app.state.runtime)
    before = utcnow()
    response = await client.post(f"/admin/assessments/{assessment_id}/invites", data={
        "csrf": csrf, "candidate_name": "Grace Hopper", "candidate_email": "Grace@Example.com",
        "valid_days": "3", "extra_minutes": "15"})
    assert response.status_code == 201
    page = soup(response)
    link = page.find("input", id="candidate-link")["value"]
    assert link.startswith("http://testserver/a/")
    token = link.removeprefix("http://testserver/a/")
    assert len(token) >= 16 and "not be shown again" in page.find(id="new-link").get_text()
    async with app.state.runtime.sessions() as session:
        invite = await invites.invite_by_token(session=session, token=token)
    assert (invite.candidate_name, invite.candidate_email, invite.extra_minutes) == (
        "Grace Hopper", "grace@example.com", 15)
    assert token not in invite.token_hash
    assert timedelta(days=3) <= invite.expires_at - before < timedelta(days=3, minutes=1)

    again = soup(await client.get(f"/admin/assessments/{assessment_id}"))
    assert again.find(id="new-link") is None
    assert not [s for s in page_strings(again) if token in s]
    cells = [td.get_text(" ", strip=True) for td in again.select("#invites tbody td")]
    assert cells[:4] == ["Grace Hopper (+15 min)", "grace@example.com", "not started", "-"]
    # The invite form is empty again for the next candidate.
    form = again.find(id="invite-form")
    assert form.find("input", {"name": "candidate_name"}).get("value", "") == ""
    assert form.find("input", {"name": "valid_days"})["value"] == "7"
    assert form.find("input", {"name": "extra_minutes"})["value"] == "0"


@pytest.mark.parametrize(("changes", "message"), [
    ({"extra_minutes": "lots"}, "extra minutes must be a whole number"),
    ({"valid_days": "0"}, "an invite is valid for 1 to 90 days"),
    ({"candidate_email": "grace"}, "'grace' is not an email address"),
    ({"candidate_name": " "}, "the candidate needs a name"),
])
async def test_a_refused_invite_keeps_what_was_typed(
        app, client: httpx.AsyncClient, changes: dict[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    assessment_id = await make_assessment(app.state.runtime)
    data = {"csrf": csrf, "candidate_name": "Grace", "candidate_email": "grace@example.com",
            "valid_days": "5", "extra_minutes": "10"} | changes
    response = await client.post(f"/admin/assessments/{assessment_id}/invites", data=data)
    assert response.status_code == 400
    page = soup(response)
    assert page.find(class_="error").get_text(strip=True) == message
    assert page.find(id="new-link") is None
    form = page.find(id="invite-form")
    for name in ("candidate_name", "candidate_email", "valid_days", "extra_minutes"):
        assert form.find("input", {"name": name})["value"] == data[name]
    async with app.state.runtime.sessions() as session:
        assert (await session.exec(select(Invite))).all() == []


async def test_inviting_to_an_unknown_assessment_is_404(client: httpx.AsyncClient) -> None:
    csrf = await sign_in(client)
    response = await client.post("/admin/assessments/99/invites", data={
        "csrf": csrf, "candidate_name": "Grace", "candidate_email": "grace@example.com"})
    assert response.status_code == 404
    assert (await client.get("/admin/assessments/99")).status_code == 404


async def test_revoking_an_invite_kills_its_link(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    assessment_id = await make_assessment(app.state.runtime)
    created = soup(await client.post(f"/admin/assessments/{assessment_id}/invites", data={
        "csrf": csrf, "candidate_name": "Grace", "candidate_email": "grace@example.com"}))
    token = created.find(id="candidate-link")["value"].rsplit("/", 1)[-1]
    revoke = created.select_one("#invites form")["action"]
    assert revoke == f"/admin/assessments/{assessment_id}/invites/1/revoke"

    response = await client.post(revoke, data={"csrf": csrf, "confirm": "yes"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/assessments/{assessment_id}"
    page = soup(await client.get(response.headers["location"]))
    row = page.select_one("#invites tbody tr")
    assert row.find(class_="status-cell").get_text() == "revoked"
    assert row.select("form.revoke") == []  # nothing more to revoke (it can be restored)
    assert (await client.get(f"/a/{token}")).status_code == 404
    async with app.state.runtime.sessions() as session:
        with pytest.raises(NotFound):
            await invites.invite_by_token(session=session, token=token)
    assert (await client.post(revoke, data={"csrf": csrf, "confirm": "yes"})
            ).status_code == 303  # idempotent


async def test_an_invite_cannot_be_revoked_through_another_assessment(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    first, other = (await make_assessment(app.state.runtime),
                    await make_assessment(app.state.runtime))
    await client.post(f"/admin/assessments/{first}/invites", data={
        "csrf": csrf, "candidate_name": "Grace", "candidate_email": "grace@example.com"})
    response = await client.post(f"/admin/assessments/{other}/invites/1/revoke",
                                 data={"csrf": csrf, "confirm": "yes"})
    assert response.status_code == 404
    async with app.state.runtime.sessions() as session:
        assert (await session.get(Invite, 1)).revoked_at is None


async def test_forms_without_the_csrf_token_are_refused(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    await sign_in(client)
    assessment_id = await make_assessment(app.state.runtime)
    for url, data in (("/admin/assessments", {"title": "X", "challenge": FIRST,
                                              "time_limit_min": "30"}),
                      (f"/admin/assessments/{assessment_id}/invites",
                       {"candidate_name": "G", "candidate_email": "g@example.com"})):
        assert (await client.post(url, data=data | {"csrf": "forged"})).status_code == 403
    async with app.state.runtime.sessions() as session:
        assert len((await session.exec(select(Assessment))).all()) == 1
        assert (await session.exec(select(Invite))).all() == []


async def test_an_interviewer_may_look_but_not_create(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    runtime = app.state.runtime
    assessment_id = await make_assessment(runtime)
    async with runtime.sessions() as session:
        await invites.create_invite(session=session, assessment_id=assessment_id,
                                    candidate_name="Grace", candidate_email="g@example.com",
                                    now=utcnow())
    csrf = await sign_in(client, INTERVIEWER)
    listing = soup(await client.get("/admin/assessments"))
    assert [a.get_text() for a in listing.select("nav.staff a")][:2] == [
        "Submissions", "Assessments"]
    assert listing.find("a", href="/admin/assessments/new") is None
    detail = soup(await client.get(f"/admin/assessments/{assessment_id}"))
    assert detail.find(id="invite-form") is None and detail.select("#invites form") == []
    assert (await client.get("/admin/assessments/new")).status_code == 403
    refused = [
        await client.post("/admin/assessments", data={
            "csrf": csrf, "title": "Mine", "challenge": FIRST, "time_limit_min": "30",
            "max_submissions": "5"}),
        await client.post(f"/admin/assessments/{assessment_id}/invites", data={
            "csrf": csrf, "candidate_name": "Eve", "candidate_email": "eve@example.com"}),
        await client.post(f"/admin/assessments/{assessment_id}/invites/1/revoke",
                          data={"csrf": csrf, "confirm": "yes"})]
    assert [r.status_code for r in refused] == [403, 403, 403]
    async with runtime.sessions() as session:
        assert len((await session.exec(select(Assessment))).all()) == 1
        (invite,) = (await session.exec(select(Invite))).all()
    assert invite.revoked_at is None


async def seed_every_status(runtime: Runtime) -> int:
    """An assessment of two challenges with one invite in each status (ids 1..5 in the order
    of InviteStatus). The finished candidate scored 0.5 then 0.25 on the first challenge."""
    assessment_id = await make_assessment(runtime, slugs=(FIRST, SECOND))
    now = utcnow()
    async with runtime.sessions() as session:
        made = []
        for name, created in (("Nora", now), ("Ivan", now), ("Fay", now),
                              ("Eli", now - timedelta(days=8)), ("Remy", now)):
            invite, _ = await invites.create_invite(
                session=session, assessment_id=assessment_id, candidate_name=name,
                candidate_email=f"{name.lower()}@example.com", now=created)
            made.append(invite)
        session.add(Attempt(invite_id=made[1].id, candidate_name="Ivan", started_at=now,
                            deadline_at=now + timedelta(hours=1)))
        finished = Attempt(invite_id=made[2].id, candidate_name="Fay",
                           started_at=now - timedelta(hours=2),
                           deadline_at=now - timedelta(hours=1),
                           finished_at=now - timedelta(hours=1, minutes=30),
                           finish_reason="finished")
        session.add(finished)
        await session.commit()
        view = await assessments.get_assessment(session=session, assessment_id=assessment_id)
        for score in (0.5, 0.25):
            session.add(Submission(attempt_id=finished.id, files={}, status="done",
                                   verdict="failed", score=score,
                                   challenge_version_id=view.versions[0].id))
        await session.commit()
        await invites.revoke_invite(session=session, invite_id=made[4].id, now=now)
    return assessment_id


async def test_the_invites_table_shows_each_status_and_the_score(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assessment_id = await seed_every_status(app.state.runtime)
    await sign_in(client, INTERVIEWER)
    page = soup(await client.get(f"/admin/assessments/{assessment_id}"))
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")][:4]
            for tr in page.select("#invites tbody tr")]
    assert rows == [["Nora", "nora@example.com", "not started", "-"],
                    ["Ivan", "ivan@example.com", "in progress", "-"],
                    ["Fay", "fay@example.com", "finished", "25%"],  # best 0.5 and 0 / 2
                    ["Eli", "eli@example.com", "expired", "-"],
                    ["Remy", "remy@example.com", "revoked", "-"]]


def _invite(**fields: object) -> Invite:
    return Invite(assessment_id=1, candidate_name="A", candidate_email="a@example.com",
                  token_hash="x", **fields)


@pytest.mark.parametrize("aware", [True, False])
def test_status_compares_naive_and_aware_times_as_utc(aware: bool) -> None:
    """A database without time zones hands back naive UTC; the status must not care."""
    now = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)

    def at(hours: float) -> datetime:
        moment = now + timedelta(hours=hours)
        return moment if aware else moment.replace(tzinfo=None)

    open_ = Assessment(title="T", time_limit_min=60)
    closed = Assessment(title="T", time_limit_min=60, closes_at=at(-1))
    fresh, stale = _invite(expires_at=at(1)), _invite(expires_at=at(-1))
    running = Attempt(invite_id=1, candidate_name="A", started_at=at(-0.5), deadline_at=at(0.5))
    overdue = Attempt(invite_id=1, candidate_name="A", started_at=at(-2), deadline_at=at(-1))
    assert overview.invite_status(fresh, None, open_, now) == InviteStatus.NOT_STARTED
    assert overview.invite_status(stale, None, open_, now) == InviteStatus.EXPIRED
    assert overview.invite_status(fresh, None, closed, now) == InviteStatus.EXPIRED
    assert overview.invite_status(fresh, running, open_, now) == InviteStatus.IN_PROGRESS
    assert overview.invite_status(fresh, overdue, open_, now) == InviteStatus.FINISHED
    assert overview.invite_status(_invite(expires_at=at(1), revoked_at=at(-3)), running,
                                  open_, now) == InviteStatus.REVOKED


async def test_an_assessment_has_its_own_rubric(app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client)
    page = soup(await client.get("/admin/assessments/new"))
    assert page.find("textarea", {"name": "rubric"}).get_text().splitlines()[0] == "Correctness"
    base = {"csrf": csrf, "title": "Rubric", "challenge": FIRST, "time_limit_min": "60",
            "max_submissions": "3"}
    too_long = await client.post("/admin/assessments", data=base | {"rubric": "x" * 81})
    assert too_long.status_code == 400
    created = await client.post("/admin/assessments",
                                data=base | {"rubric": "Security\n\nAPI design \n"})
    assert created.status_code == 303
    async with app.state.runtime.sessions() as session:
        [assessment] = (await session.exec(select(Assessment))).all()
    assert assessment.rubric == ["Security", "API design"]
