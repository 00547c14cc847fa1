"""A candidate's hour in Chromium: start, type, run the examples, submit wrong then right and
see both verdicts live, reload and find the draft, finish; and a deadline that closes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.models import Attempt, utcnow
from app.services import accounts
from app.services.accounts import Role
from tests.candidates import invite_link
from tests.e2e.conftest import Server

pytestmark = [pytest.mark.browser, pytest.mark.sandbox]
SLUG = "health-and-typed-path-params"
PASSWORD = "correct horse battery"


def set_code(page: Page, code: str) -> None:
    """Replace the editor's text the way a paste would (typing thousands of characters is slow)."""
    page.evaluate("""(code) => {
        const view = window.crucibleEditors["solution.py"];
        view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: code}});
    }""", code)


def editor_text(page: Page) -> str:
    return page.evaluate('window.crucibleEditors["solution.py"].state.doc.toString()')


def admin_invites_a_candidate(server: Server, page: Page) -> str:
    """An admin signs in, builds an assessment of one challenge and invites a candidate;
    the link is read off the page (it is shown once)."""
    async def admin(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            await accounts.create_user(session=session, email="boss@example.com",
                                       role=Role.ADMIN, password=PASSWORD)

    server.seed(admin)
    page.goto(server.base_url + "/login")
    page.get_by_label("Email").fill("boss@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Assessments").click()
    page.get_by_role("link", name="New assessment").click()
    page.locator("input[name=title]").fill("Backend interview")
    page.locator(f"#c-{SLUG}").check()
    page.locator("input[name=time_limit_min]").fill("60")
    page.get_by_role("button", name="Create assessment").click()
    page.locator("input[name=candidate_name]").fill("Ada")
    page.locator("input[name=candidate_email]").fill("ada@example.com")
    page.get_by_role("button", name="Create invite link").click()
    link = page.locator("#candidate-link").input_value()
    page.context.clear_cookies()  # the candidate is someone else
    return link


def test_candidate_solves_a_challenge_end_to_end(server: Server, page: Page) -> None:
    link = admin_invites_a_candidate(server, page)
    challenge = server.seed(lambda rt: _async_value(rt.library[SLUG]))
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Backend interview")
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".countdown")).to_contain_text("Time left")
    page.get_by_role("link", name=challenge.meta.title).click()

    # Typing in the editor works and is autosaved.
    page.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n# my notes\n")
    expect(page.locator("#save-state")).to_contain_text("Saved", timeout=15_000)
    assert "# my notes" in editor_text(page)

    page.get_by_role("button", name="Run examples").click()
    expect(page.locator("#status h2")).to_contain_text("Examples run")
    expect(page.locator("#status .verdict")).to_be_visible(timeout=30_000)

    set_code(page, challenge.wrong["upper_bound_exclusive"]["solution.py"])
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#status .verdict")).to_contain_text("failed", timeout=30_000)
    expect(page.locator("#status li.fail")).to_have_count(1)

    set_code(page, challenge.reference["solution.py"])
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#status .verdict")).to_contain_text("passed", timeout=30_000)
    expect(page.locator("#status li.fail")).to_have_count(0)

    page.reload()
    assert editor_text(page) == challenge.reference["solution.py"]
    expect(page.get_by_role("button", name="Submit")).to_contain_text("2/10 used")

    page.get_by_role("link", name="all challenges").click()
    page.get_by_role("button", name="Finish the assessment").click()
    page.locator("#confirm-dialog").get_by_role("button", name="Finish now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    expect(page.locator("tbody tr td").last).to_have_text("100%")


def test_the_deadline_closes_the_attempt_in_the_browser(server: Server, page: Page) -> None:
    link = server.seed(lambda rt: invite_link(rt, slugs=[SLUG], name="Eve"))
    page.goto(server.base_url + link)
    page.get_by_role("button", name="Start").click()

    async def three_seconds_left(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            attempt = (await session.exec(select(Attempt).where(
                Attempt.candidate_name == "Eve"))).one()
            attempt.deadline_at = utcnow() + timedelta(seconds=3)
            session.add(attempt)
            await session.commit()

    server.seed(three_seconds_left)
    page.reload()
    page.locator("table.list a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you", timeout=15_000)
    expect(page.locator("main")).to_contain_text("Time ran out")


async def _async_value(value):  # type: ignore[no-untyped-def]
    return value


def test_without_javascript_a_candidate_can_read_save_and_submit(
        server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    link = server.seed(lambda rt: invite_link(rt, slugs=[SLUG], name="Nojs"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.base_url + link)
        page.get_by_role("button", name="Start").click()
        page.locator("table.list a").first.click()
        expect(page.locator("section.statement h1")).to_be_visible()
        textarea = page.locator("textarea.code")
        expect(textarea).to_be_visible()  # the plain editor
        textarea.fill("app = None  # my draft\n")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator("textarea.code")).to_have_value("app = None  # my draft\n")
        page.get_by_role("button", name="Submit").click()
        # The status page refreshes itself (meta refresh) until the verdict is in.
        expect(page.locator("#status .verdict")).to_contain_text("app error", timeout=30_000)
    finally:
        context.close()
