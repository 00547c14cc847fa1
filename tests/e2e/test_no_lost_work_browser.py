"""Never lose work, in Chromium: two tabs on one challenge (the stale tab is told, and loads
the newer code or keeps its own), the finish confirmation, and the deadline submission."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import Attempt, Draft, utcnow
from app.services import accounts
from app.services.accounts import Role
from tests.candidates import invite_link
from tests.e2e.conftest import Server
from tests.e2e.test_candidate_browser import PASSWORD, SLUG, editor_text, set_code

pytestmark = pytest.mark.browser
CODE = "from fastapi import FastAPI\n\napp = FastAPI()\n"


def started(server: Server, page: Page, name: str) -> str:
    link = server.seed(lambda rt: invite_link(rt, slugs=[SLUG], name=name))
    page.goto(server.base_url + link)
    page.get_by_role("button", name="Start").click()
    return link


def stored_draft(server: Server, name: str) -> str:
    async def read(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            attempt = (await session.exec(select(Attempt).where(
                Attempt.candidate_name == name))).one()
            draft = (await session.exec(select(Draft).where(
                Draft.attempt_id == attempt.id))).one()
            return draft.files["solution.py"].replace("\r\n", "\n")  # form posts send CRLF
    return server.seed(read)


def saved(page: Page) -> None:
    expect(page.locator("#save-state")).to_contain_text("Saved", timeout=15_000)


def test_a_stale_tab_is_told_and_loads_the_newer_code_or_keeps_its_own(
        server: Server, page: Page) -> None:
    link = started(server, page, "Tabby")
    url = f"{server.base_url}{link}/c/{SLUG}"
    page.goto(url)
    other = page.context.new_page()
    other.goto(url)
    set_code(page, CODE + "# written in the first tab\n")
    saved(page)
    set_code(other, CODE + "# stale second tab\n")
    notice = other.locator("#draft-conflict")
    expect(notice).to_be_visible(timeout=15_000)
    expect(notice).to_contain_text("changed in another tab")
    assert stored_draft(server, "Tabby").endswith("# written in the first tab\n")
    other.get_by_role("button", name="Load the newer version").click()
    expect(notice).to_be_hidden()
    assert editor_text(other).endswith("# written in the first tab\n")

    # the other way round: the first tab is stale now, and keeps its own code
    set_code(other, CODE + "# second tab, on top\n")
    saved(other)
    set_code(page, CODE + "# first tab insists\n")
    expect(page.locator("#draft-conflict")).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Keep this one").click()
    saved(page)
    assert stored_draft(server, "Tabby").endswith("# first tab insists\n")
    other.close()


def test_finishing_asks_first_with_what_is_left(server: Server, page: Page) -> None:
    started(server, page, "Fin")
    page.get_by_role("button", name="Finish the assessment").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#never-submitted")).to_contain_text("1 challenge never submitted")
    dialog.get_by_role("link", name="Keep working").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Thank you")
    page.get_by_role("button", name="Finish the assessment").click()
    dialog.get_by_role("button", name="Finish now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")


@pytest.mark.sandbox
def test_code_written_before_the_deadline_is_graded_and_marked(server: Server,
                                                               page: Page) -> None:
    link = started(server, page, "Dee")
    page.goto(f"{server.base_url}{link}/c/{SLUG}")
    set_code(page, CODE)
    saved(page)

    async def few_seconds_left(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            attempt = (await session.exec(select(Attempt).where(
                Attempt.candidate_name == "Dee"))).one()
            attempt.deadline_at = utcnow() + timedelta(seconds=10)
            session.add(attempt)
            await session.commit()
            await accounts.create_user(session=session, email="dee-boss@example.com",
                                       role=Role.INTERVIEWER, password=PASSWORD)
            return attempt.id

    attempt_id = server.seed(few_seconds_left)
    page.wait_for_timeout(5_500)  # the challenge page's context is cached for up to 5 s
    page.reload()  # the countdown runs out on the challenge page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you", timeout=30_000)
    expect(page.locator("main")).to_contain_text("submitted at the deadline")
    page.context.clear_cookies()
    page.goto(server.base_url + "/login")
    page.get_by_label("Email").fill("dee-boss@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    mark = page.locator("li.at-deadline")
    for _ in range(60):  # until the sandbox's verdict is in
        page.goto(f"{server.base_url}/review/attempts/{attempt_id}/scorecard")
        if mark.count() and "queued" not in mark.inner_text() and (
                "running" not in mark.inner_text()):
            break
        page.wait_for_timeout(1000)
    expect(mark).to_contain_text("submitted at the deadline")
    expect(mark).to_contain_text("failed")
