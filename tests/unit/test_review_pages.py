"""Interviewers: scorecard, reviews with rubric and decision, playback, compare, CSV export,
similar submissions, and the audit log of what they did."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from app.config import Settings
from app.main import create_app
from app.services import accounts
from app.services.accounts import Role
from tests.candidates import soup
from tests.quizzes import known_bank_settings
from tests.review_data import SLUG, seed_assessment

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return known_bank_settings(tmp_path)


async def sign_in(client: httpx.AsyncClient, email: str) -> None:
    login = BeautifulSoup((await client.get("/login")).text, "html.parser")
    csrf = login.find("input", {"name": "csrf"})["value"]
    r = await client.post("/login", data={"email": email, "password": PASSWORD, "csrf": csrf})
    assert r.status_code == 303


@pytest.fixture
async def world(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings, start_workers=False)
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        async with runtime.sessions() as session:
            for email, role in (("int@example.com", Role.INTERVIEWER),
                                ("int2@example.com", Role.INTERVIEWER),
                                ("adm@example.com", Role.ADMIN)):
                await accounts.create_user(session=session, email=email, role=role,
                                           password=PASSWORD)
        assessment_id, attempt_ids = await seed_assessment(runtime)
        clients = {}
        for email in ("int@example.com", "int2@example.com", "adm@example.com"):
            clients[email] = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                               base_url="http://testserver")
            await sign_in(clients[email], email)
        try:
            yield {"assessment": assessment_id, "attempts": attempt_ids, "clients": clients,
                   "app_runtime": runtime}
        finally:
            for c in clients.values():
                await c.aclose()


def csrf(page: httpx.Response) -> str:
    return soup(page).find("input", {"name": "csrf"})["value"]


async def test_the_scorecard_shows_everything_needed_to_decide(world) -> None:  # type: ignore[no-untyped-def]
    client = world["clients"]["int@example.com"]
    ada = world["attempts"][0]
    page = await client.get(f"/review/attempts/{ada}/scorecard")
    assert page.status_code == 200
    html = soup(page)
    summary = html.find(id="summary").get_text(" ", strip=True)
    assert "100%" in summary  # challenge: best of 50 % then 100 %
    assert html.find(id="overall").get_text(strip=True) == "100%"  # quiz 4/4 too
    tests = html.select(f"#challenge-{SLUG} table.tests tbody tr")
    assert [tr.find_all("td")[2].get_text(strip=True) for tr in tests] == ["pass", "pass"]
    runs = [li.get_text(" ", strip=True) for li in html.select(f"#challenge-{SLUG} ol.runs li")]
    assert len(runs) == 2 and "failed" in runs[0] and "passed" in runs[1]
    assert html.select_one(f"#challenge-{SLUG} .code-view") is not None  # highlighted code
    assert "2 min" not in summary and "0:" in summary  # active time is shown as a duration
    quiz = html.find(id="quiz")
    assert len(quiz.select(".quiz-answer")) == 4 and "(correct)" in quiz.get_text()
    assert "Option two is right" in quiz.get_text()  # explanations for interviewers
    events = html.find(id="events").get_text(" ", strip=True)
    assert "paste: 120 characters" in events and "blur" in events
    assert "Bob" in html.find(id="similarity").get_text()  # Bob's code is Ada's, renamed
    printable = await client.get(f"/review/attempts/{ada}/scorecard/print")
    assert printable.status_code == 200 and soup(printable).find("nav") is None


async def test_reviews_with_rubric_and_decision_and_their_agreement(world) -> None:  # type: ignore[no-untyped-def]
    ada = world["attempts"][0]
    first, second = world["clients"]["int@example.com"], world["clients"]["int2@example.com"]
    page = await first.get(f"/review/attempts/{ada}/scorecard")
    saved = await first.post(f"/review/attempts/{ada}/reviews", data={
        "csrf": csrf(page), "decision": "advance", "notes": "Clean <b>code</b>",
        "score:Correctness": "4", "comment:Correctness": "all tests", "score:Code quality": "3"})
    assert saved.status_code == 303
    page = await second.get(f"/review/attempts/{ada}/scorecard")
    await second.post(f"/review/attempts/{ada}/reviews", data={
        "csrf": csrf(page), "decision": "reject", "score:Correctness": "2"})
    bad = await second.post(f"/review/attempts/{ada}/reviews", data={
        "csrf": csrf(page), "decision": "maybe", "score:Correctness": "9"})
    assert bad.status_code == 400 and soup(bad).find(role="alert") is not None
    html = soup(await first.get(f"/review/attempts/{ada}/scorecard"))
    reviews = html.find(id="reviews")
    text = reviews.get_text(" ", strip=True)
    assert "advance \u00d7 1" in text and "reject \u00d7 1" in text and "disagree" in text
    assert "Correctness 2" in text  # the spread of the two scores
    assert "Clean <b>code</b>" in text and reviews.find("b") is None  # escaped
    mine = reviews.find("form")
    assert mine.find("select", {"name": "decision"}).find("option", selected=True)["value"] == (
        "advance")
    page = await first.get(f"/review/attempts/{ada}/scorecard")
    updated = await first.post(f"/review/attempts/{ada}/reviews", data={
        "csrf": csrf(page), "decision": "reject"})
    assert updated.status_code == 303
    text = soup(await first.get(f"/review/attempts/{ada}/scorecard")).find(id="reviews").get_text()
    assert "reject \u00d7 2" in text and "the reviewers agree" in text


async def test_playback_steps_through_snapshots_with_diffs_and_pastes(world) -> None:  # type: ignore[no-untyped-def]
    client = world["clients"]["int@example.com"]
    ada = world["attempts"][0]
    url = f"/review/attempts/{ada}/challenges/{SLUG}/playback"
    last = soup(await client.get(url))
    assert last.find("input", {"name": "frame"})["max"] == "2"
    timeline = [li.get_text(" ", strip=True) for li in last.select("ol.timeline li")]
    assert len(timeline) == 2 and "paste" in timeline[0] and "paste" not in timeline[1]
    first = soup(await client.get(url, params={"frame": 1}))
    added = [s.get_text() for s in first.select("#diff pre.diff span.add")]
    assert any("def health" in line for line in added)
    assert (await client.get(url, params={"frame": 3})).status_code == 404
    assert (await client.get(url, params={"frame": 0})).status_code == 422
    assert (await client.get(f"/review/attempts/{ada}/challenges/nope/playback")).status_code == 404


async def test_compare_sorts_and_charts_the_distribution(world) -> None:  # type: ignore[no-untyped-def]
    client = world["clients"]["int@example.com"]
    url = f"/review/assessments/{world['assessment']}/compare"
    by_score = soup(await client.get(url))
    assert [tr["data-candidate"] for tr in by_score.select("#candidates tbody tr")] == [
        "Ada", "Cy", "Bob"]
    by_time = soup(await client.get(url, params={"sort": "time", "order": "asc"}))
    assert [tr["data-candidate"] for tr in by_time.select("#candidates tbody tr")] == [
        "Cy", "Ada", "Bob"]
    bars = by_score.select("#distribution svg rect")
    assert len(bars) == 10 and sum(
        int(b.find("title").get_text().rsplit(" ", 1)[1]) for b in bars) == 3
    assert (await client.get(url, params={"sort": "luck"})).status_code == 422


async def test_csv_export_parses_back_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    client = world["clients"]["int@example.com"]
    r = await client.get(f"/review/assessments/{world['assessment']}/results.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    by_name = {row["candidate"]: row for row in rows}
    assert set(by_name) == {"Ada", "Bob", "Cy"}
    assert by_name["Ada"][SLUG] == "1.0000" and by_name["Ada"]["knowledge_check"] == "1.0000"
    assert by_name["Bob"][SLUG] == "0.0000" and by_name["Bob"]["knowledge_check"] == "0.2500"
    assert by_name["Ada"]["overall"] == "1.0000" and by_name["Ada"]["submissions"] == "2"
    assert float(by_name["Bob"]["minutes_used"]) == pytest.approx(35.0)
    admin = world["clients"]["adm@example.com"]
    audit = soup(await admin.get("/admin/audit", params={"action": "results_exported"}))
    entries = audit.select("#audit tbody tr")
    assert len(entries) == 1 and "int@example.com" in entries[0].get_text()


async def test_similar_submissions_side_by_side(world) -> None:  # type: ignore[no-untyped-def]
    client = world["clients"]["int@example.com"]
    page = soup(await client.get(f"/review/assessments/{world['assessment']}/similar"))
    findings = page.select("section.finding")
    assert len(findings) == 1
    title = findings[0].find("h2").get_text()
    assert "Ada" in title and "Bob" in title and "Cy" not in title
    assert findings[0].select("pre.side span.add")  # matched lines marked on both sides
    assert len(findings[0].select("pre.side")) == 2


async def test_the_audit_log_records_sign_ins_and_reviews_for_admins_only(world) -> None:  # type: ignore[no-untyped-def]
    ada = world["attempts"][0]
    interviewer = world["clients"]["int@example.com"]
    page = await interviewer.get(f"/review/attempts/{ada}/scorecard")
    await interviewer.post(f"/review/attempts/{ada}/reviews", data={
        "csrf": csrf(page), "decision": "advance"})
    assert (await interviewer.get("/admin/audit")).status_code == 403
    admin = world["clients"]["adm@example.com"]
    log = soup(await admin.get("/admin/audit"))
    actions = [tr.find_all("td")[2].get_text() for tr in log.select("#audit tbody tr")]
    assert actions[0] == "review_saved" and actions.count("login") == 3
    only = soup(await admin.get("/admin/audit", params={"actor": "int2@"}))
    assert [tr.find_all("td")[2].get_text() for tr in only.select("#audit tbody tr")] == ["login"]


async def test_every_result_carries_a_grading_receipt(world) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from sqlmodel import select

    from app.models import Submission

    client = world["clients"]["int@example.com"]
    page = soup(await client.get(f"/review/attempts/{world['attempts'][0]}/scorecard"))
    link = page.select(f"#challenge-{SLUG} ol.runs a")[-1]["href"]
    receipt = soup(await client.get(link)).find(id="receipt").get_text(" ", strip=True)
    submission_id = int(link.rsplit("/", 1)[1])
    async with world["app_runtime"].sessions() as session:
        sub = (await session.exec(select(Submission).where(Submission.id == submission_id))).one()
    digest = hashlib.sha256(sub.files["solution.py"].encode()).hexdigest()
    assert digest in receipt and "crucible grade challenges/" + SLUG in receipt
    assert "10.0 s wall" in receipt
