"""An interviewer's review in Chromium: the scorecard from the assessment page (hidden tests,
scores, quiz answers), the playback's timeline and diff, the rubric, notes and decision saved
and listed, a second interviewer's review and the agreement line; and the compare page sorts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import (
    AttemptEvent,
    QuestionVersion,
    QuizItem,
    Snapshot,
    Submission,
    utcnow,
)
from app.services import accounts, assessments, attempts, invites, knowledge_check
from app.services.accounts import Role
from tests.e2e.conftest import Server
from tests.review_data import result

pytestmark = [pytest.mark.browser, pytest.mark.sandbox]
SLUG = "health-and-typed-path-params"
PASSWORD = "correct horse battery"
FIRST, SECOND = "rev-one@example.com", "rev-two@example.com"
TITLE = "Review in the browser"

# The candidate's code, typed in two steps (one snapshot each).
HEALTH = '''
@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
'''
ITEM = '''
@app.get("/items/{item_id}")
def read(item_id: Annotated[int, Path(ge=1, le=1_000_000)]) -> Item:
    found = ITEMS.get(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return found
'''


async def _candidate(rt, assessment_id: int, name: str, *, runs: list[list[bool]],  # type: ignore[no-untyped-def]
                     steps: list[str], quiz_right: int, minutes: int) -> int:
    """A finished attempt with snapshots, graded submissions, a paste and a knowledge check
    (its first `quiz_right` questions answered right, the others wrong)."""
    async with rt.sessions() as session:
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment_id, candidate_name=name,
            candidate_email=f"{name.lower()}@example.com", now=utcnow())
        ctx = await attempts.load(session=session, token=token, now=utcnow())
        started = utcnow() - timedelta(minutes=minutes + 1)
        attempt = await attempts.start(session=session, ctx=ctx, now=started)
        version = ctx.view.versions[0]
        code = version.content["starter"]["solution.py"]
        for step, typed in enumerate(steps, start=1):
            code += typed
            session.add(Snapshot(attempt_id=attempt.id, challenge_version_id=version.id,
                                 files={"solution.py": code},
                                 created_at=started + timedelta(minutes=step)))
        for step, passed in enumerate(runs, start=1):
            graded = result(passed)
            moment = started + timedelta(minutes=step, seconds=30)
            session.add(Submission(attempt_id=attempt.id, challenge_version_id=version.id,
                                   files={"solution.py": code}, status="done", kind="submit",
                                   verdict=graded["verdict"], score=graded["score"],
                                   result=graded, created_at=moment, graded_at=moment))
        session.add(AttemptEvent(attempt_id=attempt.id, challenge_version_id=version.id,
                                 kind="paste", detail="120 characters",
                                 created_at=started + timedelta(seconds=40)))
        await session.commit()
        assessment = ctx.view.assessment
        section = await knowledge_check.start_section(session=session, attempt=attempt,
                                                      assessment=assessment, now=started)
        items = (await session.exec(select(QuizItem).where(
            QuizItem.section_id == section.id).order_by(QuizItem.position))).all()
        for index, item in enumerate(items):
            spec = (await session.get(QuestionVersion, item.question_version_id)).content
            right = list(spec["correct"])
            wrong = [next(n for n in range(1, len(spec["options"]) + 1) if n not in right)]
            item.answer = right if index < quiz_right else wrong
            session.add(item)
        await session.commit()
        finished = started + timedelta(minutes=minutes)
        await knowledge_check.close_section(session=session, section=section,
                                            assessment=assessment, when=finished)
        await attempts.finish(session=session, attempt=attempt, now=finished)
        return attempt.id


async def _seed(rt):  # type: ignore[no-untyped-def]
    """Two interviewers and three finished candidates: Ada best, Cy in between, Bob last."""
    async with rt.sessions() as session:
        for email in (FIRST, SECOND):
            await accounts.create_user(session=session, email=email, role=Role.INTERVIEWER,
                                       password=PASSWORD)
        assessment = await assessments.create_assessment(
            session=session, title=TITLE, challenges=[rt.library[SLUG]], time_limit_min=60,
            knowledge_check={"count": 2, "time_limit_min": 10})
    ada = await _candidate(rt, assessment.id, "Ada", runs=[[True, False], [True, True]],
                           steps=[HEALTH, ITEM], quiz_right=2, minutes=20)
    await _candidate(rt, assessment.id, "Bob", runs=[[False, False]], steps=[HEALTH],
                     quiz_right=0, minutes=35)
    await _candidate(rt, assessment.id, "Cy", runs=[[True, False]], steps=[HEALTH],
                     quiz_right=1, minutes=10)
    return assessment.id, ada


def sign_in(server: Server, page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto(server.base_url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("nav.staff")).to_contain_text(email)


def fill_review(page: Page, scores: dict[str, tuple[str, str]], notes: str,
                decision: str) -> None:
    for name, (score, comment) in scores.items():
        page.get_by_label(f"{name} score").select_option(score)
        page.get_by_label(f"{name} comment").fill(comment)
    page.get_by_label("Notes").fill(notes)
    page.get_by_label("Decision").select_option(decision)
    page.get_by_role("button", name="Save review").click()


@pytest.fixture(scope="module")
def seeded(server: Server) -> tuple[int, int]:
    return server.seed(_seed)


def test_an_interviewer_reviews_an_attempt(server: Server, page: Page,
                                           seeded: tuple[int, int]) -> None:
    assessment_id, ada = seeded
    sign_in(server, page, FIRST)

    # The scorecard, from the candidate's link on the assessment page.
    page.goto(f"{server.base_url}/admin/assessments/{assessment_id}")
    page.locator("#invites").get_by_role("link", name="Ada", exact=True).click()
    expect(page).to_have_url(f"{server.base_url}/review/attempts/{ada}/scorecard")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ada · {TITLE}")
    challenge = page.locator(f"#challenge-{SLUG}")
    expect(challenge.locator(".score")).to_have_text("100%")
    tests = challenge.locator("table.tests tbody tr")
    expect(tests).to_have_count(2)
    expect(tests.nth(0)).to_contain_text("Hidden behaviour 1")
    expect(tests.nth(1)).to_contain_text("Hidden behaviour 2")
    expect(challenge.locator("table.tests tr.pass")).to_have_count(2)
    expect(challenge.locator("ol.runs li")).to_have_count(2)  # both submissions, over time
    expect(challenge.locator("ol.runs li").first).to_contain_text("50%")
    expect(page.locator("#summary tbody")).to_contain_text("Knowledge check")
    quiz = page.locator("#quiz")
    expect(quiz.locator("h2")).to_have_text("Knowledge check: 100%")
    expect(quiz.locator(".quiz-answer")).to_have_count(2)
    expect(quiz.locator(".quiz-answer.right")).to_have_count(2)
    expect(quiz.locator("li.correct.chosen").first).to_contain_text("(chosen)")
    expect(page.locator("#events")).to_contain_text("paste: 120 characters")

    # The playback: the newest snapshot first, then the slider and a timeline entry.
    challenge.get_by_role("link", name="playback").click()
    expect(page).to_have_url(
        f"{server.base_url}/review/attempts/{ada}/challenges/{SLUG}/playback")
    timeline = page.locator("#timeline")
    diff = page.locator("#diff")
    expect(timeline.locator("label")).to_contain_text("Snapshot 2 of 2")
    expect(diff.locator("h2")).to_have_text("Changes since the previous snapshot")
    expect(diff.locator("pre.diff")).to_contain_text('+@app.get("/items/{item_id}")')
    expect(diff).not_to_contain_text('+@app.get("/health")')
    page.locator("#frame").fill("1")  # the range input submits its form on change
    expect(timeline.locator("label")).to_contain_text("Snapshot 1 of 2")
    expect(page).to_have_url(
        f"{server.base_url}/review/attempts/{ada}/challenges/{SLUG}/playback?frame=1")
    expect(diff.locator("h2")).to_have_text("Changes since the starter")
    expect(diff.locator("pre.diff")).to_contain_text('+@app.get("/health")')
    expect(diff).not_to_contain_text('+@app.get("/items/{item_id}")')
    expect(page.locator("ol.timeline li.current")).to_contain_text("paste")
    page.locator("ol.timeline li").nth(1).get_by_role("link").click()
    expect(timeline.locator("label")).to_contain_text("Snapshot 2 of 2")
    expect(diff.locator("pre.diff")).to_contain_text('+@app.get("/items/{item_id}")')
    expect(page.locator("ol.timeline li.current")).to_have_count(1)

    # Back to the scorecard: the rubric, notes and a decision.
    page.get_by_role("link", name="scorecard of Ada").click()
    expect(page.locator("#reviews")).to_contain_text("No review yet.")
    fill_review(page, {"Correctness": ("4", "every hidden test passes"),
                       "Code quality": ("3", "tidy"), "API design": ("2", "")},
                notes="Strong on routing; ask about validation next.", decision="advance")
    expect(page).to_have_url(f"{server.base_url}/review/attempts/{ada}/scorecard#reviews")
    mine = page.locator("#reviews article.review")
    expect(mine).to_have_count(1)
    expect(mine.locator("h3")).to_contain_text(f"{FIRST}: advance")
    expect(mine).to_contain_text("Correctness: 4/4: every hidden test passes")
    expect(mine).to_contain_text("Code quality: 3/4: tidy")
    expect(mine).to_contain_text("API design: 2/4")
    expect(mine).not_to_contain_text("Problem solving")
    expect(mine.locator(".notes")).to_have_text("Strong on routing; ask about validation next.")
    expect(page.locator("#reviews")).to_contain_text("the reviewers agree")
    # The form now holds the saved review (editable).
    expect(page.get_by_label("Correctness score")).to_have_value("4")
    expect(page.get_by_label("Decision")).to_have_value("advance")

    # A second interviewer disagrees: both reviews and the agreement line.
    sign_in(server, page, SECOND)
    page.goto(f"{server.base_url}/review/attempts/{ada}/scorecard")
    expect(page.get_by_label("Correctness score")).to_have_value("")  # not the other's
    fill_review(page, {"Correctness": ("2", "the 404 case came late"),
                       "Code quality": ("3", "")},
                notes="Needed hints.", decision="reject")
    reviews = page.locator("#reviews article.review")
    expect(reviews).to_have_count(2)
    expect(reviews.nth(0).locator("h3")).to_contain_text(f"{FIRST}: advance")
    expect(reviews.nth(1).locator("h3")).to_contain_text(f"{SECOND}: reject")
    agreement = page.locator("#reviews > p").first
    times = "\N{MULTIPLICATION SIGN}"
    expect(agreement).to_contain_text(f"advance {times} 1, reject {times} 1")
    expect(agreement).to_contain_text("the reviewers disagree")
    expect(agreement).to_contain_text("rubric spread: Correctness 2, Code quality 0")


def test_the_compare_page_sorts_by_a_clicked_column(server: Server, page: Page,
                                                    seeded: tuple[int, int]) -> None:
    assessment_id, _ = seeded
    sign_in(server, page, FIRST)
    page.goto(f"{server.base_url}/admin/assessments/{assessment_id}")
    page.get_by_role("link", name="Compare candidates").click()
    rows = page.locator("#candidates tbody tr")

    def order() -> list[str | None]:
        return [rows.nth(i).get_attribute("data-candidate") for i in range(rows.count())]

    expect(rows).to_have_count(3)
    assert order() == ["Ada", "Cy", "Bob"]  # by overall score, best first
    header = page.locator("#candidates thead")
    header.get_by_role("link", name="Candidate").click()
    expect(page).to_have_url(f"{server.base_url}/review/assessments/{assessment_id}"
                             "/compare?sort=name&order=desc")
    expect(rows.first).to_have_attribute("data-candidate", "Cy")
    assert order() == ["Cy", "Bob", "Ada"]
    header.get_by_role("link", name="Candidate").click()  # again: the other way round
    expect(rows.first).to_have_attribute("data-candidate", "Ada")
    assert order() == ["Ada", "Bob", "Cy"]
    expect(header.get_by_role("link", name="Candidate")).to_contain_text("↑")
    header.get_by_role("link", name="Time used").click()  # longest first
    expect(rows.first).to_have_attribute("data-candidate", "Bob")
    assert order() == ["Bob", "Ada", "Cy"]
