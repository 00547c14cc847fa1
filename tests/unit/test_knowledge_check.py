"""The knowledge-check section: configured with the assessment, drawn, answered (autosaved,
changeable), closed by its own clock, scored on the server; correct answers never shown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import Assessment, QuizItem, QuizSection, utcnow
from app.quizzes.schema import QuestionSpec
from app.services import assessments, invites, overview
from app.services.knowledge_check import score_item
from tests.candidates import csrf_in, press_start, soup
from tests.quizzes import MULTI_RIGHT, SINGLE_RIGHT, known_bank_settings

SLUG = "health-and-typed-path-params"


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


async def make_link(runtime, *, count: int = 4, draw: str = "same",  # type: ignore[no-untyped-def]
                    scoring: str = "all_or_nothing", topics: list[int] | None = None,
                    difficulty: str = "", name: str = "Ada") -> tuple[str, int]:
    async with runtime.sessions() as session:
        assessment = await assessments.create_assessment(
            session=session, title="Quiz", challenges=[runtime.library[SLUG]], time_limit_min=60,
            knowledge_check={"count": count, "time_limit_min": 10, "draw": draw,
                             "scoring": scoring, "topics": topics or [],
                             "difficulty": difficulty})
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment.id, candidate_name=name,
            candidate_email=f"{name.lower()}@example.com", now=utcnow())
    return f"/a/{token}", assessment.id


async def open_quiz(client: httpx.AsyncClient, link: str) -> httpx.Response:
    assert (await press_start(client, link)).status_code == 303
    intro = soup(await client.get(f"{link}/quiz"))
    started = await client.post(f"{link}/quiz/start", data={"csrf": csrf_in(intro)})
    assert started.status_code == 303
    return await client.get(f"{link}/quiz")


def form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated fields (httpx takes a list per name)."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def questions(page: httpx.Response) -> list[dict[str, object]]:
    found = []
    for fieldset in soup(page).select("fieldset.question"):
        options = fieldset.select("input[name^=q]")
        found.append({"number": int(fieldset["data-number"]),
                      "multiple": options[0]["type"] == "checkbox",
                      "values": [int(o["value"]) for o in options],
                      "checked": [int(o["value"]) for o in options if o.has_attr("checked")],
                      "text": fieldset.get_text(" ", strip=True)})
    return found


async def test_the_same_draw_is_stored_once_for_every_candidate(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, assessment_id = await make_link(runtime, count=5)
    async with runtime.sessions() as session:
        stored = (await session.get(Assessment, assessment_id)).knowledge_check
    assert stored["count"] == 5 and len(stored["question_ids"]) == 5
    first = await open_quiz(client, link)
    async with runtime.sessions() as session:
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment_id, candidate_name="Bo",
            candidate_email="bo@example.com", now=utcnow())
    await open_quiz(client, f"/a/{token}")
    async with runtime.sessions() as session:
        sections = (await session.exec(select(QuizSection))).all()
        drawn = [sorted(i.question_version_id for i in (await session.exec(
            select(QuizItem).where(QuizItem.section_id == s.id))).all()) for s in sections]
    assert drawn[0] == drawn[1] == sorted(stored["question_ids"])
    assert len(questions(first)) == 5


async def test_a_fresh_draw_is_made_per_candidate_within_the_filters(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, assessment_id = await make_link(runtime, count=2, draw="fresh", difficulty="senior")
    async with runtime.sessions() as session:
        assert (await session.get(Assessment, assessment_id)).knowledge_check["question_ids"] == []
    page = await open_quiz(client, link)
    drawn = questions(page)
    assert len(drawn) == 2 and all(q["multiple"] for q in drawn)  # the senior ones


async def test_the_page_never_carries_the_correct_answers(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=10)
    page = await open_quiz(client, link)
    assert "Option two is right" not in page.text  # explanations stay on the server
    assert "correct" not in page.text.lower().replace("correct horse", "")
    for q in questions(page):
        assert sorted(q["values"]) == [1, 2, 3, 4]


async def test_answers_are_saved_changed_and_restored_on_reload(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=10)
    page = await open_quiz(client, link)
    csrf = csrf_in(soup(page))
    single = next(q for q in questions(page) if not q["multiple"])
    multi = next(q for q in questions(page) if q["multiple"])
    saved = await client.post(f"{link}/quiz/answers", data={
        "csrf": csrf, "shown": single["number"], f"q{single['number']}": "1"},
        headers={"X-Requested-With": "fetch"})
    assert saved.status_code == 204
    changed = await client.post(f"{link}/quiz/answers", data=form([
        ("csrf", csrf), ("shown", str(single["number"])), (f"q{single['number']}", "2"),
        ("shown", str(multi["number"])), (f"q{multi['number']}", "1"),
        (f"q{multi['number']}", "3")]))
    assert changed.status_code == 303  # without JavaScript: back to the page
    again = {q["number"]: q for q in questions(await client.get(f"{link}/quiz"))}
    assert again[single["number"]]["checked"] == [2]
    assert sorted(again[multi["number"]]["checked"]) == [1, 3]
    cleared = await client.post(f"{link}/quiz/answers", data={
        "csrf": csrf, "shown": single["number"]})
    assert cleared.status_code == 303
    again = {q["number"]: q for q in questions(await client.get(f"{link}/quiz"))}
    assert again[single["number"]]["checked"] == []


@pytest.mark.parametrize("bad", [
    [("q{n}", "7")],                       # no such option
    [("q{n}", "1"), ("q{n}", "2")],        # two picks on a single-choice question
    [("q{n}", "one")],                     # not a number
    [("q99", "1"), ("shown", "99")],       # no such question
])
async def test_bad_answers_are_a_clear_4xx_and_change_nothing(world, bad) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=8, difficulty="", topics=[16, 17])
    page = await open_quiz(client, link)
    number = questions(page)[0]["number"]
    data = [("csrf", csrf_in(soup(page))), ("shown", str(number))]
    data += [(k.format(n=number), v) for k, v in bad]
    response = await client.post(f"{link}/quiz/answers", data=form(data))
    assert 400 <= response.status_code < 500, response.status_code
    assert questions(await client.get(f"{link}/quiz"))[0]["checked"] == []


async def test_the_sections_clock_closes_it_and_scores_it(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, _ = await make_link(runtime, count=10)
    page = await open_quiz(client, link)
    csrf = csrf_in(soup(page))
    drawn = questions(page)
    for q in drawn[:6]:  # 6 right answers out of 10 (multiple choice answered fully right)
        picks = MULTI_RIGHT if q["multiple"] else [SINGLE_RIGHT]
        data = [("csrf", csrf), ("shown", str(q["number"]))]
        data += [(f"q{q['number']}", str(p)) for p in picks]
        assert (await client.post(f"{link}/quiz/answers", data=form(data))).status_code == 303
    async with runtime.sessions() as session:
        await session.exec(update(QuizSection).values(deadline_at=utcnow() - timedelta(seconds=1)))
        await session.commit()
    late = await client.post(f"{link}/quiz/answers", data={
        "csrf": csrf, "shown": drawn[7]["number"], f"q{drawn[7]['number']}": "2"})
    assert late.status_code == 409
    done = await client.get(f"{link}/quiz")
    assert soup(done).find(id="quiz-done") is not None
    async with runtime.sessions() as session:
        section = (await session.exec(select(QuizSection))).one()
    assert section.finished_at is not None and section.score == pytest.approx(0.6)


async def test_finishing_the_section_records_the_score_beside_the_challenges(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    link, assessment_id = await make_link(runtime, count=2, difficulty="senior",
                                          scoring="partial")
    page = await open_quiz(client, link)
    csrf = csrf_in(soup(page))
    first, second = questions(page)
    await client.post(f"{link}/quiz/answers", data=form([  # one right pick: half credit
        ("csrf", csrf), ("shown", str(first["number"])), (f"q{first['number']}", "1")]))
    await client.post(f"{link}/quiz/answers", data=form([  # a right and a wrong pick: nothing
        ("csrf", csrf), ("shown", str(second["number"])), (f"q{second['number']}", "1"),
        (f"q{second['number']}", "2")]))
    finished = await client.post(f"{link}/quiz/finish", data={"csrf": csrf, "confirm": "yes"})
    assert finished.status_code == 303
    again = await client.post(f"{link}/quiz/finish", data={"csrf": csrf, "confirm": "yes"})
    assert again.status_code == 409
    async with runtime.sessions() as session:
        view = await assessments.get_assessment(session=session, assessment_id=assessment_id)
        [row] = await overview.results(session=session, view=view, now=utcnow())
    assert row.quiz_score == pytest.approx(0.25)


async def test_asking_for_more_questions_than_the_bank_has_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    runtime, _ = world
    with pytest.raises(Exception, match="only 2 questions"):
        await make_link(runtime, count=3, difficulty="senior")
    async with runtime.sessions() as session:
        assert (await session.exec(select(Assessment))).all() == []


def spec(choose: int, correct: list[int]) -> QuestionSpec:
    return QuestionSpec(id="x-question", stem="A stem long enough", options=["a", "b", "c", "d"],
                        choose=choose, correct=correct, explanation="why it is so",
                        difficulty="mid", topics=[1], source="003_69c6ad9c276d4e73.txt Q1")


@pytest.mark.parametrize(("choose", "correct", "answer", "all_or_nothing", "partial"), [
    (1, [2], [2], 1.0, 1.0),
    (1, [2], [1], 0.0, 0.0),
    (1, [2], None, 0.0, 0.0),
    (2, [1, 3], [1, 3], 1.0, 1.0),
    (2, [1, 3], [1], 0.0, 0.5),
    (2, [1, 3], [1, 2], 0.0, 0.0),
    (3, [1, 2, 3], [1, 2, 4], 0.0, 1 / 3),
])
def test_scoring_rules(choose: int, correct: list[int], answer: list[int] | None,
                       all_or_nothing: float, partial: float) -> None:
    question = spec(choose, correct)
    assert score_item(question, answer, "all_or_nothing") == all_or_nothing
    assert score_item(question, answer, "partial") == pytest.approx(partial)
