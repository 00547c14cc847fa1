"""Flags for review and the confirmation before finishing the knowledge check: a flag is the
candidate's own note (saved on the server, shown to interviewers, never scored), set only by
the attempt's candidate with a valid form token while the section is open; finishing needs
the confirmation field, and the confirmation names what is unanswered and flagged."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import Attempt, QuizItem, QuizSection, utcnow
from app.services import invites, scorecard
from tests.candidates import csrf_in, press_start, soup
from tests.quizzes import SINGLE_RIGHT, known_bank_settings
from tests.unit.test_knowledge_check import form, make_link, open_quiz, questions

FETCH = {"X-Requested-With": "fetch"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return known_bank_settings(tmp_path)


@pytest.fixture
async def world(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings, start_workers=False)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                  base_url="http://testserver") as client):
        yield app.state.runtime, client


def flag_urls(page: httpx.Response) -> dict[int, str]:
    """Question number -> the URL its flag toggle posts to."""
    return {int(f["data-number"]): f.select_one("button[data-flag]")["formaction"]
            for f in soup(page).select("fieldset.question")}


def flag_states(page: httpx.Response) -> dict[int, bool]:
    """What the page shows per question: the toggle, the fieldset and the navigator agree."""
    html = soup(page)
    states = {}
    for fieldset in html.select("fieldset.question"):
        number = int(fieldset["data-number"])
        pressed = fieldset.select_one("button[data-flag]")["aria-pressed"] == "true"
        nav = html.select_one(f"#quiz-nav a[data-nav='{number}']")
        assert pressed == fieldset.has_attr("data-flagged") == ("flagged" in nav["class"])
        states[number] = pressed
    return states


async def flags_in_db(runtime) -> dict[int, bool]:  # type: ignore[no-untyped-def]
    async with runtime.sessions() as session:
        return {i.id: i.flagged for i in (await session.exec(select(QuizItem))).all()}


async def second_candidate(runtime, assessment_id: int,  # type: ignore[no-untyped-def]
                           client: httpx.AsyncClient) -> tuple[str, httpx.Response]:
    async with runtime.sessions() as session:
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment_id, candidate_name="Bo",
            candidate_email="bo@example.com", now=utcnow())
    return f"/a/{token}", await open_quiz(client, f"/a/{token}")


async def test_a_flag_is_saved_shown_after_a_reload_and_cleared(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=3)
    page = await open_quiz(client, link)
    csrf, urls = csrf_in(soup(page)), flag_urls(page)
    assert flag_states(page) == {1: False, 2: False, 3: False}
    flagged = await client.post(urls[2], data={"csrf": csrf, "flagged": "1"}, headers=FETCH)
    assert flagged.status_code == 204
    again = await client.get(f"{link}/quiz")
    assert flag_states(again) == {1: False, 2: True, 3: False}
    toggle = soup(again).select_one("#q2 button[data-flag]")
    assert toggle["value"] == "0"  # without JavaScript the next press clears it
    counts = soup(again).select_one("#quiz-counts [data-count=flagged]").get_text()
    assert counts == "1"
    cleared = await client.post(urls[2], data={"csrf": csrf, "flagged": "0"}, headers=FETCH)
    assert cleared.status_code == 204
    assert flag_states(await client.get(f"{link}/quiz")) == {1: False, 2: False, 3: False}


async def test_without_javascript_the_flag_button_posts_the_form_with_its_answers(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=2, difficulty="junior")
    page = await open_quiz(client, link)
    csrf, urls = csrf_in(soup(page)), flag_urls(page)
    response = await client.post(urls[1], data=form([  # the whole question form, as a browser
        ("csrf", csrf), ("shown", "1"), ("q1", "3"), ("shown", "2"), ("flagged", "1")]))
    assert response.status_code == 303
    assert response.headers["location"].endswith("/quiz#q1")
    again = await client.get(f"{link}/quiz")
    assert flag_states(again) == {1: True, 2: False}
    assert {q["number"]: q["checked"] for q in questions(again)} == {1: [3], 2: []}


@pytest.mark.parametrize("value", ["", "yes", "2", "true"])
async def test_a_flag_value_other_than_1_or_0_is_refused(world, value: str) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=2)
    page = await open_quiz(client, link)
    response = await client.post(flag_urls(page)[1], data={
        "csrf": csrf_in(soup(page)), "flagged": value}, headers=FETCH)
    assert response.status_code == 400
    assert not any((await flags_in_db(runtime)).values())


async def test_a_flag_needs_the_candidates_form_token(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, assessment_id = await make_link(runtime, count=2)
    page = await open_quiz(client, link)
    url = flag_urls(page)[1]
    _, other_page = await second_candidate(runtime, assessment_id, client)
    for data in ({"flagged": "1"}, {"csrf": "forged", "flagged": "1"},
                 {"csrf": csrf_in(soup(other_page)), "flagged": "1"}):  # another invite's token
        response = await client.post(url, data=data, headers=FETCH)
        assert response.status_code == 403, data
    assert not any((await flags_in_db(runtime)).values())
    by_header = await client.post(url, data={"flagged": "1"},
                                  headers=FETCH | {"X-CSRF-Token": csrf_in(soup(page))})
    assert by_header.status_code == 204


async def test_only_the_attempts_own_candidate_can_flag_its_questions(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, assessment_id = await make_link(runtime, count=2)
    page = await open_quiz(client, link)
    ada_items = {n: int(u.split("/items/")[1].split("/")[0]) for n, u in flag_urls(page).items()}
    bo_link, bo_page = await second_candidate(runtime, assessment_id, client)
    bo_csrf = csrf_in(soup(bo_page))
    for item_id in ada_items.values():  # Bo's own link and token, Ada's question: not found
        response = await client.post(f"{bo_link}/quiz/items/{item_id}/flag",
                                     data={"csrf": bo_csrf, "flagged": "1"}, headers=FETCH)
        assert response.status_code == 404
    missing = await client.post(f"{bo_link}/quiz/items/999999/flag",
                                data={"csrf": bo_csrf, "flagged": "1"}, headers=FETCH)
    assert missing.status_code == 404
    unknown_link = await client.post(f"/a/{'x' * 32}/quiz/items/{ada_items[1]}/flag",
                                     data={"csrf": bo_csrf, "flagged": "1"}, headers=FETCH)
    assert unknown_link.status_code == 404
    assert not any((await flags_in_db(runtime)).values())
    assert flag_states(await client.get(f"{link}/quiz")) == {1: False, 2: False}
    # Bo can flag Bo's own questions
    own = await client.post(flag_urls(bo_page)[1], data={"csrf": bo_csrf, "flagged": "1"},
                            headers=FETCH)
    assert own.status_code == 204


@pytest.mark.parametrize("how", ["deadline", "finished", "attempt_finished"])
async def test_a_flag_after_the_section_ended_is_a_409(world, how: str) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=2)
    page = await open_quiz(client, link)
    csrf, url = csrf_in(soup(page)), flag_urls(page)[1]
    async with runtime.sessions() as session:
        past = utcnow() - timedelta(seconds=1)
        if how == "deadline":
            await session.exec(update(QuizSection).values(deadline_at=past))
        elif how == "finished":
            await session.exec(update(QuizSection).values(finished_at=past, score=0.0))
        else:
            await session.exec(update(Attempt).values(deadline_at=past))
        await session.commit()
    runtime.contexts.discard(link.removeprefix("/a/"))
    for headers in (FETCH, {}):
        response = await client.post(url, data={"csrf": csrf, "flagged": "1"}, headers=headers)
        assert response.status_code == 409, how
    assert not any((await flags_in_db(runtime)).values())


async def test_flags_never_change_the_score_and_interviewers_see_them(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=2, difficulty="junior")
    page = await open_quiz(client, link)
    csrf, urls = csrf_in(soup(page)), flag_urls(page)
    await client.post(f"{link}/quiz/answers", data=form([  # 1 right, 2 wrong
        ("csrf", csrf), ("shown", "1"), ("q1", str(SINGLE_RIGHT)), ("shown", "2"), ("q2", "1")]))
    for number in (1, 2):
        await client.post(urls[number], data={"csrf": csrf, "flagged": "1"}, headers=FETCH)
    done = await client.post(f"{link}/quiz/finish", data={"csrf": csrf, "confirm": "yes"})
    assert done.status_code == 303
    async with runtime.sessions() as session:
        section = (await session.exec(select(QuizSection))).one()
        items = (await session.exec(select(QuizItem).order_by(QuizItem.position))).all()
        card = await scorecard.build(session=session, attempt_id=section.attempt_id)
    assert section.score == pytest.approx(0.5)
    assert [(i.score, i.flagged) for i in items] == [(1.0, True), (0.0, True)]
    assert [q.flagged for q in card.quiz] == [True, True]


def counts(page: BeautifulSoup) -> tuple[str, str]:
    return (page.select_one("#unanswered-count strong").get_text(strip=True),
            page.select_one("#flagged-count strong").get_text(strip=True))


async def test_finishing_needs_the_confirmation_which_counts_unanswered_and_flagged(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=4, difficulty="junior")
    page = await open_quiz(client, link)
    csrf, urls = csrf_in(soup(page)), flag_urls(page)
    await client.post(urls[3], data={"csrf": csrf, "flagged": "1"}, headers=FETCH)
    # the page's finish button without JavaScript: the form (answers too), no confirmation
    asked = await client.post(f"{link}/quiz/finish", data=form([
        ("csrf", csrf), ("shown", "1"), ("q1", "2"), ("shown", "2"), ("shown", "3"),
        ("shown", "4")]))
    assert asked.status_code == 303 and asked.headers["location"] == f"{link}/quiz/finish"
    for data in ({"csrf": csrf, "confirm": ""}, {"csrf": csrf, "confirm": "no"}):
        assert (await client.post(f"{link}/quiz/finish", data=data)).status_code == 303
    async with runtime.sessions() as session:
        assert (await session.exec(select(QuizSection))).one().finished_at is None

    confirmation = soup(await client.get(f"{link}/quiz/finish"))
    assert counts(confirmation) == ("3 unanswered questions", "1 question flagged for review")
    links = [a.get_text() for a in confirmation.select("#unanswered-count a[data-jump]")]
    assert links == ["2", "3", "4"]
    assert [a["href"] for a in confirmation.select("#flagged-count a")] == [f"{link}/quiz#q3"]
    confirm_form = confirmation.select_one("#finish-confirm form")
    fields = {i["name"]: i["value"] for i in confirm_form.select("input")}
    assert fields["confirm"] == "yes" and confirm_form["action"] == f"{link}/quiz/finish"

    fragment = await client.get(f"{link}/quiz/finish", headers=FETCH)  # the dialog's content
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert counts(soup(fragment)) == counts(confirmation)

    finished = await client.post(f"{link}/quiz/finish", data=fields)
    assert finished.status_code == 303
    assert soup(await client.get(f"{link}/quiz")).find(id="quiz-done") is not None
    gone = await client.get(f"{link}/quiz/finish")
    assert gone.status_code == 303 and gone.headers["location"] == f"{link}/quiz"
    late = await client.post(f"{link}/quiz/finish", data={"csrf": csrf})
    assert late.status_code == 409


async def test_finishing_or_flagging_before_the_section_started_is_a_409(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=2)
    assert (await press_start(client, link)).status_code == 303
    csrf = csrf_in(soup(await client.get(f"{link}/quiz")))
    for data in ({"csrf": csrf}, {"csrf": csrf, "confirm": "yes"}):
        assert (await client.post(f"{link}/quiz/finish", data=data)).status_code == 409
    flag = await client.post(f"{link}/quiz/items/1/flag", data={"csrf": csrf, "flagged": "1"})
    assert flag.status_code == 409
    step = await client.get(f"{link}/quiz/finish")
    assert step.status_code == 303 and step.headers["location"] == f"{link}/quiz"
