"""The knowledge check in Chromium: answer, reload mid-way and find the answers, and the
section's own clock closes it (the server scores it); with the keyboard only: answer, flag,
jump with the navigator, reload, and finish through the confirmation; and at 390 px wide.
CRUCIBLE_SCREENSHOTS=DIR keeps the screenshots (desktop 1280 px and 390 px) in DIR."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from app.models import Assessment, QuizItem, QuizSection, utcnow
from app.services.questions import current_versions
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


# The keyboard-only knowledge check: options as rows, the navigator, flags and the confirmation.
QIDS = ["sse-native-event-source-response",  # options are code blocks
        "upload-uploadfile-vs-bytes",        # choose 2, inline code
        "asgi-callable-signature",           # inline code
        "db-expire-on-commit"]               # a long stem
SHOTS = Path(os.environ.get("CRUCIBLE_SCREENSHOTS", "")) if os.environ.get(
    "CRUCIBLE_SCREENSHOTS") else None


def chosen_questions_link(server: Server, name: str) -> str:
    """An assessment whose knowledge check is QIDS, in that order, for one candidate."""
    async def seed(rt):  # type: ignore[no-untyped-def]
        link = await invite_link(rt, slugs=[SLUG], name=name, knowledge_check={
            "count": len(QIDS), "time_limit_min": 10, "draw": "same"})
        async with rt.sessions() as session:
            rows = await current_versions(session=session)
            assessment = (await session.exec(select(Assessment))).all()[-1]
            assessment.knowledge_check = assessment.knowledge_check | {
                "question_ids": [rows[q].id for q in QIDS]}
            session.add(assessment)
            await session.commit()
        return link

    return server.seed(seed)


def open_section(page: Page, base_url: str, link: str) -> None:
    page.goto(base_url + link)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Open the knowledge check").click()
    page.get_by_role("button", name="Start the knowledge check").click()
    expect(page.locator("fieldset.question")).to_have_count(len(QIDS))


def focused(page: Page) -> dict[str, str]:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), type: e.type || "", value: e.value || "",
                name: e.name || "", nav: e.dataset.nav || "", text: e.textContent.trim(),
                question: e.closest("fieldset[data-number]")?.dataset.number || "",
                flag: e.hasAttribute("data-flag") ? "yes" : ""}; }""")


def tab_until(page: Page, wanted, *, back: bool = False, limit: int = 60) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Press Tab (Shift+Tab) until the focused element is the wanted one: the keyboard only."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"never reached by Tab; last focus {focused(page)}")


def shoot(page: Page, name: str, tmp_path: Path, *, full_page: bool = True) -> Path:
    path = (SHOTS or tmp_path) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=full_page)
    return path


def option_rows_are_rows(page: Page) -> None:
    """Each option's input sits beside its text (left of it, on its first line), inside one
    row as wide as the question; no element is wider than the page."""
    boxes = page.evaluate("""() => [...document.querySelectorAll("label.option")].map(row => {
        const r = row.getBoundingClientRect();
        const i = row.querySelector("input").getBoundingClientRect();
        const t = row.querySelector(".option-text").getBoundingClientRect();
        return {row: [r.left, r.right], input: [i.left, i.right, i.top, i.bottom],
                text: [t.left, t.top, t.bottom]}; })""")
    assert boxes
    for box in boxes:
        assert box["input"][1] <= box["text"][0], box  # beside, not above
        assert box["input"][2] < box["text"][2] and box["input"][3] > box["text"][1], box
    wide = page.evaluate("""() => [...document.querySelectorAll("main *")]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                     && !e.closest("pre, .quiz-nav-list"))  // those scroll in their own box
        .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className}`)""")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0 and not wide, f"the page scrolls sideways by {overflow}px: {wide}"


def test_keyboard_only_answers_flags_navigator_reload_and_confirmed_finish(
        server: Server, browser: Browser, tmp_path: Path) -> None:
    link = chosen_questions_link(server, "Kim")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    open_section(page, server.base_url, link)
    questions = page.locator("fieldset.question")
    option_rows_are_rows(page)

    # The navigator comes first; then question 1: arrow keys pick a radio option.
    tab_until(page, lambda f: f["nav"] == "1")
    now = tab_until(page, lambda f: f["question"] == "1" and f["type"] == "radio")
    page.keyboard.press("ArrowDown")
    expect(questions.nth(0).locator(".save-state")).to_contain_text("Saved", timeout=10_000)
    q1 = focused(page)["value"]
    assert q1 != now["value"]
    expect(questions.nth(0).locator(f"input[name^=q][value='{q1}']")).to_be_checked()
    shoot(page, "desktop-focus-on-option", tmp_path)

    # Question 2 (choose 2): Space on one checkbox, Enter on the next; then flag it.
    first = tab_until(page, lambda f: f["question"] == "2" and f["type"] == "checkbox")
    page.keyboard.press("Space")
    second = tab_until(page, lambda f: f["question"] == "2" and f["type"] == "checkbox")
    page.keyboard.press("Enter")
    q2 = sorted([first["value"], second["value"]])
    for value in q2:
        expect(questions.nth(1).locator(f"input[name^=q][value='{value}']")).to_be_checked()
    expect(questions.nth(1).locator(".save-state")).to_contain_text("Saved", timeout=10_000)
    tab_until(page, lambda f: f["question"] == "2" and f["flag"] == "yes")
    page.keyboard.press("Enter")
    flag2 = questions.nth(1).locator("button[data-flag]")
    expect(flag2).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#quiz-nav [data-nav='2']")).to_have_class(re.compile(r"\bflagged\b"))
    expect(page.locator("#quiz-counts [data-count=flagged]")).to_have_text("1")

    # Back to the navigator, jump to question 4 and answer it with Space.
    tab_until(page, lambda f: f["nav"] == "4", back=True)
    page.keyboard.press("Enter")
    landed = focused(page)
    assert landed["question"] == "4" and landed["type"] == "radio", landed
    assert page.evaluate("location.hash") == "#q4"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # back on the first option, now chosen
    page.keyboard.press("Space")
    q4 = focused(page)["value"]
    expect(questions.nth(3).locator(f"input[name^=q][value='{q4}']")).to_be_checked()
    expect(questions.nth(3).locator(".save-state")).to_contain_text("Saved", timeout=10_000)
    expect(page.locator("#quiz-nav [data-nav='4']")).to_have_attribute("aria-current", "true")
    shoot(page, "desktop-answered-flagged", tmp_path)

    # A reload finds the answers and the flag; question 3 is still unanswered.
    page.reload()
    expect(questions.nth(0).locator(f"input[name^=q][value='{q1}']")).to_be_checked()
    for value in q2:
        expect(questions.nth(1).locator(f"input[name^=q][value='{value}']")).to_be_checked()
    expect(questions.nth(3).locator(f"input[name^=q][value='{q4}']")).to_be_checked()
    expect(questions.nth(2).locator("input:checked")).to_have_count(0)
    expect(flag2).to_have_attribute("aria-pressed", "true")
    expect(questions.nth(1)).to_have_attribute("data-flagged", "")
    for number, state in (("1", "answered"), ("2", "answered, flagged for review"),
                          ("3", "not answered"), ("4", "answered")):
        expect(page.locator(f"#quiz-nav [data-nav='{number}'] .nav-state")).to_have_text(state)
    expect(page.locator("#quiz-counts")).to_have_text("3 answered 1 unanswered 1 flagged")

    # Finishing asks first: Escape keeps the section open; then confirm from the dialog.
    tab_until(page, lambda f: f["text"].startswith("Finish the knowledge check"))
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#finish-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#unanswered-count")).to_contain_text("1 unanswered question")
    expect(dialog.locator("#flagged-count")).to_contain_text("1 question flagged for review")
    assert focused(page)["text"] == "Back to the questions"
    shoot(page, "desktop-confirm-dialog", tmp_path, full_page=False)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page)["text"].startswith("Finish the knowledge check")
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    tab_until(page, lambda f: f["text"] == "Finish now")
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-done")).to_contain_text("3 of 4 questions answered")

    async def recorded(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            section = (await session.exec(select(QuizSection))).all()[-1]
            items = (await session.exec(select(QuizItem).where(
                QuizItem.section_id == section.id).order_by(QuizItem.position))).all()
            return section, items

    section, items = server.seed(recorded)
    assert section.finished_at is not None
    assert [i.flagged for i in items] == [False, True, False, False]
    assert [i.answer is not None for i in items] == [True, True, False, True]
    context.close()


def test_at_390_px_the_rows_navigator_and_confirmation_fit(
        server: Server, browser: Browser, tmp_path: Path) -> None:
    link = chosen_questions_link(server, "Lee")
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    open_section(page, server.base_url, link)
    option_rows_are_rows(page)
    nav = page.locator("#quiz-nav")
    expect(nav).to_be_visible()
    shoot(page, "mobile-start", tmp_path)

    # Keyboard still works here: nav link 3 jumps, Space picks, the flag toggles.
    tab_until(page, lambda f: f["nav"] == "3")
    page.keyboard.press("Enter")
    assert focused(page)["question"] == "3"
    page.keyboard.press("Space")
    tab_until(page, lambda f: f["question"] == "3" and f["flag"] == "yes")
    page.keyboard.press("Space")
    expect(page.locator("#q3 button[data-flag]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#q3 .save-state")).to_contain_text("Flagged")
    box = page.locator("#q3 legend").bounding_box()
    nav_box = nav.bounding_box()
    assert box is not None and nav_box is not None
    assert box["y"] >= nav_box["y"] + nav_box["height"] - 1, "the navigator hides the question"
    shoot(page, "mobile-jumped-flagged", tmp_path, full_page=False)
    page.locator("#q1 label.option").nth(0).click()  # a tap on the row's text picks it
    expect(page.locator("#q1 input[name=q1]").nth(0)).to_be_checked()
    expect(page.locator("#q1 .save-state")).to_contain_text("Saved", timeout=10_000)

    page.get_by_role("button", name="Finish the knowledge check…").click()
    dialog = page.locator("dialog#finish-dialog")
    expect(dialog.locator("#unanswered-count")).to_contain_text("2 unanswered questions")
    expect(dialog.locator("#flagged-count")).to_contain_text("1 question flagged for review")
    dialog_box = dialog.bounding_box()
    assert dialog_box is not None and dialog_box["width"] <= 390
    shoot(page, "mobile-confirm-dialog", tmp_path, full_page=False)
    dialog.locator("a[data-jump]").first.click()  # "2": back to an unanswered question
    expect(dialog).to_be_hidden()
    assert page.evaluate("location.hash") == "#q2"
    context.close()


def test_without_javascript_flags_enter_and_the_confirmation_page_work(
        server: Server, browser: Browser, tmp_path: Path) -> None:
    link = chosen_questions_link(server, "Noa")
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    open_section(page, server.base_url, link)
    questions = page.locator("fieldset.question")
    expect(page.get_by_role("button", name="Save answers")).to_be_visible()

    # A tick, then the flag button of another question: both are kept (one form post).
    questions.nth(0).locator("label.option").nth(1).click()
    q1 = questions.nth(0).locator("input[name=q1]").nth(1).get_attribute("value")
    questions.nth(1).get_by_role("button", name="Flag for review").click()
    expect(questions.nth(1).get_by_role("button", name="Flag for review")).to_have_attribute(
        "aria-pressed", "true")
    assert page.url.endswith("#q2")
    expect(questions.nth(0).locator(f"input[name=q1][value='{q1}']")).to_be_checked()
    expect(page.locator("#quiz-nav [data-nav='2'] .nav-state")).to_have_text(
        "not answered, flagged for review")

    # Enter in the form saves the answers (the default button), Space picked the option.
    questions.nth(2).locator("input[name=q3]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(questions.nth(2).locator("input[name=q3]").first).to_be_checked()
    expect(page.locator("#quiz-nav [data-nav='3'] .nav-state")).to_have_text("answered")

    # Finishing: a confirmation page with the server's counts, then the section ends.
    page.get_by_role("button", name="Finish the knowledge check…").click()
    expect(page.locator("#unanswered-count")).to_contain_text("2 unanswered questions")
    expect(page.locator("#flagged-count")).to_contain_text("1 question flagged for review")
    assert page.url.endswith("/quiz/finish")
    shoot(page, "mobile-no-js-confirmation-page", tmp_path)
    page.get_by_role("link", name="Back to the questions").click()
    expect(questions).to_have_count(len(QIDS))  # nothing ended
    page.get_by_role("button", name="Finish the knowledge check…").click()
    page.get_by_role("button", name="Finish now").click()
    expect(page.locator("#quiz-done")).to_contain_text("2 of 4 questions answered")
    context.close()
