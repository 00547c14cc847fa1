"""`/admin/quizzes`: browse and filter the bank, item analysis with known figures, edits saved
as new versions (attempts keep theirs), TOML import and export."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import Attempt, Invite, QuestionVersion, QuizItem, QuizSection, utcnow
from app.services import accounts, item_analysis, questions
from app.services.accounts import Role
from tests.candidates import soup
from tests.quizzes import known_bank_settings

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return known_bank_settings(tmp_path)


@pytest.fixture
async def world(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings, start_workers=False)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                  base_url="http://testserver") as client):
        runtime = app.state.runtime
        async with runtime.sessions() as session:
            await accounts.create_user(session=session, email="adm@example.com",
                                       role=Role.ADMIN, password=PASSWORD)
        login = BeautifulSoup((await client.get("/login")).text, "html.parser")
        csrf = login.find("input", {"name": "csrf"})["value"]
        await client.post("/login", data={"email": "adm@example.com", "password": PASSWORD,
                                          "csrf": csrf})
        yield runtime, client


def page_csrf(page: httpx.Response) -> str:
    return soup(page).find("input", {"name": "csrf"})["value"]


async def seed_sections(runtime, answers: dict[str, list[list[int] | None]],  # type: ignore[no-untyped-def]
                        totals: list[float]) -> None:
    """Finished sections with the given totals; answers[qid][k] is section k's answer."""
    async with runtime.sessions() as session:
        current = await questions.current_versions(session=session)
        for k, total in enumerate(totals):
            invite = Invite(assessment_id=1, candidate_name=f"C{k}",
                            candidate_email=f"c{k}@example.com", token_hash=f"{k:064d}",
                            expires_at=utcnow())
            session.add(invite)
            await session.flush()
            attempt = Attempt(invite_id=invite.id, candidate_name=f"C{k}", deadline_at=utcnow())
            session.add(attempt)
            await session.flush()
            section = QuizSection(attempt_id=attempt.id, deadline_at=utcnow(),
                                  finished_at=utcnow(), score=total)
            session.add(section)
            await session.flush()
            for position, (qid, picks) in enumerate(answers.items()):
                version = current[qid]
                spec = questions.spec_of(version)
                answer = picks[k]
                right = answer is not None and sorted(answer) == sorted(spec.correct)
                session.add(QuizItem(section_id=section.id, position=position,
                                     question_version_id=version.id, option_order=[1, 2, 3, 4],
                                     answer=answer, score=1.0 if right else 0.0))
        await session.commit()


async def make_assessment_row(runtime) -> None:  # type: ignore[no-untyped-def]
    from app.services import assessments

    async with runtime.sessions() as session:
        await assessments.create_assessment(
            session=session, title="Seeded", challenges=[next(iter(runtime.library.values()))],
            time_limit_min=30)


async def test_item_analysis_on_known_figures(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    await make_assessment_row(runtime)
    await seed_sections(runtime, {
        "known-single-1": [[2], [2], [1], [3]],      # the strong two right
        "known-single-2": [[1], [4], [2], [2]],      # the weak two right
        "known-single-3": [[2], [2], [2], [2]],      # everybody right
        "known-single-4": [[1], None, [3], [4]],     # nobody right, one blank
    }, totals=[1.0, 0.75, 0.5, 0.25])
    async with runtime.sessions() as session:
        stats = await item_analysis.analyse(session=session)
        current = await questions.current_versions(session=session)
    s1, s2 = stats[current["known-single-1"].id], stats[current["known-single-2"].id]
    s3, s4 = stats[current["known-single-3"].id], stats[current["known-single-4"].id]
    assert (s1.presented, s1.answered, s1.p_value) == (4, 4, 0.5)
    assert s1.discrimination == pytest.approx(0.894427, abs=1e-6)
    assert s2.discrimination == pytest.approx(-0.894427, abs=1e-6)
    assert s2.flags == ["negative discrimination"]
    assert s3.p_value == 1.0 and s3.discrimination is None and s3.flags == ["everybody right"]
    assert (s4.answered, s4.p_value, s4.flags) == (3, 0.0, ["nobody right"])
    assert s1.option_counts == {2: 2, 1: 1, 3: 1}
    page = await client.get("/admin/quizzes/known-single-2")
    assert "negative discrimination" in soup(page).find(id="analysis").get_text()
    assert len(soup(page).select("#analysis svg rect")) == 4
    flagged = await client.get("/admin/quizzes", params={"flagged": "true"})
    assert sorted(tr["data-qid"] for tr in soup(flagged).select("#bank tbody tr")) == [
        "known-single-2", "known-single-3", "known-single-4"]


def test_point_biserial_is_undefined_without_spread() -> None:
    assert item_analysis.point_biserial([True, False], [0.5, 0.5]) is None
    assert item_analysis.point_biserial([True], [1.0]) is None


async def test_the_bank_page_filters_and_shows_answers_to_staff(world) -> None:  # type: ignore[no-untyped-def]
    _, client = world
    page = await client.get("/admin/quizzes")
    assert len(soup(page).select("#bank tbody tr")) == 10
    seniors = await client.get("/admin/quizzes", params={"level": "senior", "topic": "35"})
    assert sorted(tr["data-qid"] for tr in soup(seniors).select("#bank tbody tr")) == [
        "known-multi-1", "known-multi-2"]
    found = await client.get("/admin/quizzes", params={"q": "number 7"})
    assert [tr["data-qid"] for tr in soup(found).select("#bank tbody tr")] == ["known-single-7"]
    detail = soup(await client.get("/admin/quizzes/known-multi-1"))
    correct = [li.get_text(" ", strip=True) for li in detail.select("#question li.correct")]
    assert correct == ["RIGHT first 1 (correct)", "RIGHT second 1 (correct)"]
    assert (await client.get("/admin/quizzes/no-such-question")).status_code == 404
    assert (await client.get("/admin/quizzes", params={"level": "guru"})).status_code == 422


async def test_the_bank_page_shows_what_test_wise_strategies_score(world) -> None:  # type: ignore[no-untyped-def]
    """The known bank's right answers are its shortest options ("RIGHT 1" against "wrong a1"):
    the page shows the shortest strategy's score per file and over the bank, flagged, and each
    question shows the cue that gives it away."""
    _, client = world
    page = soup(await client.get("/admin/quizzes"))
    header = [th.get_text(strip=True) for th in page.select("#test-wiseness thead th")]
    rows = {tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in
                                                       tr.select("td")]
            for tr in page.select("#test-wiseness tbody tr")}
    shortest = header.index("shortest")
    assert set(rows) == {"quizzes/known.toml", "whole bank"}
    assert rows["whole bank"][1] == "10"
    assert rows["whole bank"][shortest] == rows["quizzes/known.toml"][shortest]
    assert page.select("#test-wiseness td.warn")
    assert any("'shortest' scores" in p.get_text() for p in page.select("#test-wiseness p.warn"))
    detail = soup(await client.get("/admin/quizzes/known-single-3"))
    assert "shortest 100" in detail.select_one("#cues").get_text(" ", strip=True)


async def test_an_edit_is_a_new_version_and_attempts_keep_theirs(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    async with runtime.sessions() as session:
        before = await questions.current_version(session=session, qid="known-single-5")
    page = await client.get("/admin/quizzes/known-single-5")
    text = soup(page).find("textarea", {"name": "text"}).get_text()
    assert 'id = "known-single-5"' in text
    broken = await client.post("/admin/quizzes/known-single-5", data={
        "csrf": page_csrf(page), "text": text.replace("correct = [2]", "correct = [9]")})
    assert broken.status_code == 400
    assert "1-based positions" in soup(broken).find(role="alert").get_text()
    assert "correct = [9]" in soup(broken).find("textarea").get_text()  # kept as typed
    unchanged = await client.post("/admin/quizzes/known-single-5", data={
        "csrf": page_csrf(page), "text": text})
    assert unchanged.status_code == 409
    edited = await client.post("/admin/quizzes/known-single-5", data={
        "csrf": page_csrf(page), "text": text.replace("Known single-choice", "Edited")})
    assert edited.status_code == 303
    async with runtime.sessions() as session:
        after = await questions.current_version(session=session, qid="known-single-5")
        history = await questions.history(session=session, qid="known-single-5")
        old = await session.get(QuestionVersion, before.id)
    assert after.id != before.id and after.content["stem"].startswith("Edited")
    assert [v.id for v in history] == [after.id, before.id]
    assert old.content["stem"].startswith("Known single-choice")  # what attempts drew stays


async def test_export_and_import_round_trip(world) -> None:  # type: ignore[no-untyped-def]
    runtime, client = world
    exported = await client.get("/admin/quizzes/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    parsed = tomllib.loads(exported.text)["questions"]
    assert len(parsed) == 10
    form = await client.get("/admin/quizzes/import")
    same = await client.post("/admin/quizzes/import", data={"csrf": page_csrf(form)},
                             files={"file": ("q.toml", io.BytesIO(exported.content))})
    assert "0 new or changed question versions imported; 10 unchanged" in same.text
    changed = exported.text.replace("Known multiple-choice question number 2",
                                    "Reworded multiple-choice question")
    result = await client.post("/admin/quizzes/import", data={"csrf": page_csrf(form),
                                                               "bank": "mine"},
                               files={"file": ("q.toml", io.BytesIO(changed.encode()))})
    assert "1 new or changed" in soup(result).find(id="import-result").get_text()
    bad = await client.post("/admin/quizzes/import", data={"csrf": page_csrf(form)},
                            files={"file": ("q.toml", io.BytesIO(b"[[questions]]\nid = 3\n"))})
    assert bad.status_code == 400 and soup(bad).find(role="alert") is not None
    async with runtime.sessions() as session:
        rows = (await session.exec(select(QuestionVersion))).all()
    assert len(rows) == 11
