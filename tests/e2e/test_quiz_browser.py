"""The knowledge check in Chromium: answer, reload mid-way and find the answers, and the
section's own clock closes it (the server scores it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import QuizItem, QuizSection, utcnow
from tests.candidates import invite_link
from tests.e2e.conftest import Server

pytestmark = [pytest.mark.browser]
SLUG = "health-and-typed-path-params"


def test_a_candidate_answers_reloads_and_the_deadline_closes_the_section(
        server: Server, page: Page) -> None:
    link = server.seed(lambda rt: invite_link(
        rt, slugs=[SLUG], name="Quinn",
        knowledge_check={"count": 3, "time_limit_min": 10, "draw": "fresh"}))
    page.goto(server.base_url + link)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Open the knowledge check").click()
    page.get_by_role("button", name="Start the knowledge check").click()
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(3)
    expect(page.get_by_role("button", name="Save answers")).to_be_hidden()  # autosave instead

    chosen = {}
    for index in (0, 1):
        question = questions.nth(index)
        option = question.locator("input").nth(1)
        option.check()
        chosen[index] = option.get_attribute("value")
        expect(question.locator(".save-state")).to_contain_text("Saved", timeout=10_000)

    page.reload()
    for index, value in chosen.items():
        expect(questions.nth(index).locator(f"input[name^=q][value='{value}']")).to_be_checked()
    expect(questions.nth(2).locator("input:checked")).to_have_count(0)

    async def three_seconds_left(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            section = (await session.exec(select(QuizSection))).all()[-1]
            section.deadline_at = utcnow() + timedelta(seconds=3)
            session.add(section)
            await session.commit()
            return section.id

    section_id = server.seed(three_seconds_left)
    page.reload()
    expect(page.locator("#quiz-done")).to_contain_text("2 of 3 questions answered",
                                                       timeout=15_000)

    async def recorded(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            section = await session.get(QuizSection, section_id)
            items = (await session.exec(select(QuizItem).where(
                QuizItem.section_id == section_id))).all()
            return section, items

    section, items = server.seed(recorded)
    assert section.finished_at is not None and section.score is not None
    assert [i.answer is not None for i in sorted(items, key=lambda i: i.position)] == [
        True, True, False]
    assert all(i.score is not None for i in items)
