"""An admin authors a challenge in Chromium: the hidden test changes, the reference now answers
a wrong body and the sandbox validation fails (no publish button); the reference is fixed, the
validation passes, the draft is published, and a regrade of an assessment still on the old
version shows its before/after diff and publishes the new scores.

Publishing writes the challenge's files to the library root, so this module runs a Crucible
process of its own on a temporary copy of the challenge (never the repository's)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.config import REPO_ROOT
from app.models import AssessmentItem, ChallengeVersion, Submission
from app.services import accounts
from app.services.accounts import Role
from tests.e2e.conftest import Server
from tests.libraries import assessment_with_two_submissions, copy_of_library

pytestmark = [pytest.mark.browser, pytest.mark.sandbox]
SLUG = "health-and-typed-path-params"
PASSWORD = "correct horse battery"
ADMIN = "author@example.com"
TITLE = "Before the fix"
TEST = f"graders/{SLUG}/test_hidden.py"
REFERENCE = f"graders/{SLUG}/reference/solution.py"
STATEMENT = f"challenges/{SLUG}/statement.md"
ALTERNATIVES = [f"graders/{SLUG}/alternatives/{name}.py"
                for name in ("annotated_app_sync", "routers_async_default_path")]
NAV_MS = 30_000  # a page after a POST, on a busy machine
VALIDATION_S = 180  # the reference twice, the starter and five known-wrong solutions


@pytest.fixture(scope="module")
def author_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A Crucible process (with grading workers) whose library is a copy of one challenge."""
    tmp = tmp_path_factory.mktemp("authoring")
    with Server(tmp, library_root=copy_of_library(tmp, SLUG)).running() as srv:
        yield srv


async def _seed(rt):  # type: ignore[no-untyped-def]
    """An admin, and an assessment on the current version with two submissions: the
    reference (Ada) and a known-wrong solution (Bob), queued for the server's workers."""
    async with rt.sessions() as session:
        await accounts.create_user(session=session, email=ADMIN, role=Role.ADMIN,
                                   password=PASSWORD)
    return await assessment_with_two_submissions(rt, SLUG, TITLE, "upper_bound_exclusive")


def _scores(server: Server, ids: list[int]) -> list[tuple[str, float | None]]:
    async def read(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            rows = [await session.get(Submission, i) for i in ids]
            return [(row.status, row.score) for row in rows]

    return server.seed(read)


def _wait_graded(server: Server, ids: list[int], seconds: float = 120) -> list[float]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = _scores(server, ids)
        if all(status == "done" for status, _ in rows):
            return [score for _, score in rows]
        time.sleep(0.5)
    raise AssertionError(f"not graded in {seconds} s: {rows}")


def edit_file(page: Page, path: str, old: str, new: str) -> None:
    """Replace `old` (once) in one file of the editor, in its CodeMirror view when the page
    enhanced the textarea (its tab is opened first), else in the plain textarea."""
    textarea = page.locator(f'#files textarea[aria-label="{path}"]')
    expect(textarea).to_have_count(1)
    name = textarea.evaluate("t => t.dataset.file || t.name.replace(/^file:/, '')")
    enhanced = page.evaluate("(name) => Boolean(window.crucibleEditors?.[name])", name)
    if not enhanced:
        text = textarea.input_value()
        assert old in text, f"{old!r} is not in {path}"
        textarea.fill(text.replace(old, new, 1))
        return
    tab = page.locator(f'#files [role=tab][data-file="{name}"]')
    if tab.count():
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
    found = page.evaluate("""([name, old, new_]) => {
        const view = window.crucibleEditors[name];
        const at = view.state.doc.toString().indexOf(old);
        if (at < 0) return false;
        view.dispatch({changes: {from: at, to: at + old.length, insert: new_}});
        return true;
    }""", [name, old, new])
    assert found, f"{old!r} is not in {path}"
    assert new in textarea.input_value()  # the form posts the textarea: it follows the editor


def validate(page: Page, outcome: str) -> None:
    """Save and validate; the validation page refreshes itself until the table is in."""
    page.get_by_role("button", name="Save and validate in the sandbox").click()
    expect(page).to_have_url(re.compile(f"/admin/challenges/{SLUG}/validate$"), timeout=NAV_MS)
    expect(page.locator("#validation-state")).to_contain_text(outcome,
                                                              timeout=VALIDATION_S * 1000)


def test_an_admin_fixes_a_challenge_publishes_and_regrades(author_server: Server,
                                                           page: Page) -> None:
    server = author_server
    assessment_id, submitted = server.seed(_seed)
    before = _wait_graded(server, submitted)
    assert before[0] == 1.0 and before[1] < 1.0

    page.goto(server.base_url + "/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Challenges").click()
    page.locator(f'a[href="/admin/challenges/{SLUG}"]').first.click()
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(f"{server.base_url}/admin/challenges/{SLUG}/edit", timeout=NAV_MS)
    expect(page.locator("#state")).to_contain_text("not run for this content")

    # 1. The health check must now answer {"status": "healthy"}: the hidden test and the
    # statement say so, the reference still answers "ok" (a wrong body): validation fails.
    edit_file(page, TEST, '== {"status": "ok"}', '== {"status": "healthy"}')
    edit_file(page, STATEMENT, '{"status": "ok"}', '{"status": "healthy"}')
    validate(page, "Failed")
    expect(page.get_by_role("button", name="Publish as a new version")).to_have_count(0)
    expect(page.locator("#validation tr.fail").first).to_be_visible()
    expect(page.locator("#validation")).to_contain_text("FAIL")
    page.get_by_role("link", name=f"edit {SLUG}").click()
    expect(page.locator("#state")).to_contain_text("failed")
    expect(page.locator("#state")).to_contain_text("Not publishable yet: the last validation "
                                                   "failed")
    expect(page.get_by_role("button", name="Publish as a new version")).to_have_count(0)

    # 2. Fix the reference and the alternatives, validate again: passed, publishable.
    edit_file(page, REFERENCE, 'Health(status="ok")', 'Health(status="healthy")')
    for alternative in ALTERNATIVES:
        edit_file(page, alternative, '{"status": "ok"}', '{"status": "healthy"}')
    validate(page, "Passed")
    expect(page.locator("#validation tr.fail")).to_have_count(0)
    page.get_by_role("button", name="Publish as a new version").click()

    # 3. The regrade page: the assessment still pins the old version.
    expect(page).to_have_url(f"{server.base_url}/admin/challenges/{SLUG}/regrade",
                             timeout=NAV_MS)
    root = server.settings.library_root
    assert 'Health(status="healthy")' in (root / REFERENCE).read_text()  # files follow
    assert 'Health(status="ok")' in (REPO_ROOT / REFERENCE).read_text()  # not the repo's
    choose = page.locator("#choose")
    expect(choose).to_contain_text(TITLE)
    choose.get_by_label(TITLE).check()
    page.get_by_role("button", name="Regrade the chosen assessments").click()
    expect(page).to_have_url(f"{server.base_url}/admin/challenges/{SLUG}/regrade?run=1",
                             timeout=NAV_MS)
    run = page.locator("#run")
    # The page refreshes itself while grading; the publish form appears once every row is in.
    publish = page.get_by_role("button", name="Publish the new scores")
    expect(publish).to_be_visible(timeout=180_000)
    rows = run.locator("#diff tbody tr")
    expect(rows).to_have_count(2)
    ada = rows.filter(has_text="Ada")
    expect(ada.locator("td").nth(2)).to_have_text("100%")
    expect(ada.locator("td").nth(3)).not_to_have_text("100%")
    expect(ada.locator("td").nth(4)).to_have_text(re.compile(r"^-\d+ pts$"))
    expect(ada).to_have_class("changed")
    expect(run).to_contain_text("would change")
    # Nothing changed yet.
    assert [score for _, score in _scores(server, submitted)] == before
    publish.click()
    expect(run.locator("h2")).to_contain_text("published", timeout=NAV_MS)
    expect(run).to_contain_text("Published")
    expect(publish).to_have_count(0)

    async def after(rt):  # type: ignore[no-untyped-def]
        async with rt.sessions() as session:
            versions = (await session.exec(select(ChallengeVersion).where(
                ChallengeVersion.slug == SLUG).order_by(ChallengeVersion.id))).all()
            pinned = (await session.exec(select(AssessmentItem).where(
                AssessmentItem.assessment_id == assessment_id))).one().challenge_version_id
            return [v.id for v in versions], pinned

    versions, pinned = server.seed(after)
    assert len(versions) == 2 and pinned == versions[-1]
    scores = [score for _, score in _scores(server, submitted)]
    assert scores[0] < 1.0  # Ada's reference answered "ok"
    # The regrade page, reloaded, offers nothing more to regrade.
    page.reload()
    expect(page.locator("#choose")).to_contain_text("Every assessment uses the newest version")
