"""An admin edits a challenge in the browser's forms: validation in the real sandbox fails on a
broken reference, passes once it is fixed, publishing makes a new version (and writes the
files), and a regrade flips known submissions, shows the diff, and changes nothing until it
is published."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from app.config import Settings
from app.main import create_app
from app.models import AssessmentItem, ChallengeVersion, Submission
from app.services import accounts
from app.services.accounts import Role
from tests.libraries import assessment_with_two_submissions, copy_of_library

pytestmark = [pytest.mark.sandbox]
SLUG = "health-and-typed-path-params"
PASSWORD = "correct horse battery"
TEST = f"graders/{SLUG}/test_hidden.py"
REFERENCE = f"graders/{SLUG}/reference/solution.py"
ALTERNATIVES = [f"graders/{SLUG}/alternatives/{name}.py"
                for name in ("annotated_app_sync", "routers_async_default_path")]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    root = copy_of_library(tmp_path, SLUG)
    return Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path / 't.db'}",
                    library_root=root, workers=2, worker_poll_s=0.05, secret_key="s")


def form_of(page: httpx.Response, form_id: str) -> dict[str, str]:
    form = BeautifulSoup(page.text, "html.parser").find("form", id=form_id)
    values = {f["name"]: f.get("value", "") for f in form.find_all("input")
              if f.get("type") != "checkbox" and f.has_attr("name")}
    values |= {t["name"]: t.get_text() for t in form.find_all("textarea")}
    return values


def csrf_of(page: httpx.Response) -> str:
    return BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrf"})["value"]


def file_field(values: dict[str, str], path: str) -> str:
    number = next(k.split(".")[1] for k, v in values.items() if k.endswith(".path") and v == path)
    return f"file.{number}.text"


async def wait_for(check, seconds: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.25)):
        if await check():
            return
        await asyncio.sleep(0.25)
    raise AssertionError("timed out")


async def test_edit_validate_publish_and_regrade(settings: Settings) -> None:
    app = create_app(settings)  # with grading workers: submissions and regrades really run
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                  base_url="http://testserver") as client):
        runtime = app.state.runtime
        async with runtime.sessions() as session:
            await accounts.create_user(session=session, email="adm@example.com",
                                       role=Role.ADMIN, password=PASSWORD)
        assessment_id, submitted = await assessment_with_two_submissions(
            runtime, SLUG, "Before the fix", "upper_bound_exclusive")
        runtime.wakeup.notify()

        async def graded() -> bool:
            async with runtime.sessions() as session:
                rows = [await session.get(Submission, i, populate_existing=True)
                        for i in submitted]
                return all(r.status == "done" for r in rows)

        await wait_for(graded)
        async with runtime.sessions() as session:
            before = [(await session.get(Submission, i)).score for i in submitted]
        assert before[0] == 1.0 and before[1] < 1.0

        login = await client.get("/login")
        await client.post("/login", data={"email": "adm@example.com", "password": PASSWORD,
                                          "csrf": csrf_of(login)})
        # 1. The health check should now answer {"status": "healthy"}: change the test only.
        editor = await client.get(f"/admin/challenges/{SLUG}/edit")
        values = form_of(editor, "files")
        field = file_field(values, TEST)
        values[field] = values[field].replace('{"status": "ok"}', '{"status": "healthy"}')
        saved = await client.post(f"/admin/challenges/{SLUG}/edit",
                                  data=values | {"then": "validate"})
        assert saved.status_code == 303

        async def validated() -> bool:
            page = await client.get(f"/admin/challenges/{SLUG}/validate")
            return "Running in the sandbox" not in page.text

        await wait_for(validated)
        failing = await client.get(f"/admin/challenges/{SLUG}/validate")
        state = BeautifulSoup(failing.text, "html.parser").find(id="validation-state")
        assert "Failed" in state.get_text()
        refused = await client.post(f"/admin/challenges/{SLUG}/publish",
                                    data={"csrf": csrf_of(failing)})
        assert refused.status_code == 409
        # 2. Fix the reference and the alternatives (and the statement) the same way,
        # validate, publish.
        editor = await client.get(f"/admin/challenges/{SLUG}/edit")
        values = form_of(editor, "files")
        ref = file_field(values, REFERENCE)
        assert '"ok"' in values[ref]
        values[ref] = values[ref].replace('"ok"', '"healthy"')
        for alternative in ALTERNATIVES:
            field = file_field(values, alternative)
            values[field] = values[field].replace('{"status": "ok"}', '{"status": "healthy"}')
        statement = file_field(values, f"challenges/{SLUG}/statement.md")
        values[statement] = values[statement].replace('{"status": "ok"}',
                                                      '{"status": "healthy"}')
        await client.post(f"/admin/challenges/{SLUG}/edit", data=values | {"then": "validate"})
        await wait_for(validated)
        passing = await client.get(f"/admin/challenges/{SLUG}/validate")
        assert "Passed" in passing.text
        published = await client.post(f"/admin/challenges/{SLUG}/publish",
                                      data={"csrf": csrf_of(passing)})
        assert published.status_code == 303
        written = (settings.library_root / REFERENCE).read_text()
        assert '"healthy"' in written  # the files follow the database
        async with runtime.sessions() as session:
            versions = (await session.exec(select(ChallengeVersion).where(
                ChallengeVersion.slug == SLUG))).all()
        assert len(versions) == 2
        # 3. Regrade the assessment: Ada's old submission now fails the changed test.
        page = await client.get(f"/admin/challenges/{SLUG}/regrade")
        started = await client.post(f"/admin/challenges/{SLUG}/regrade", data={
            "csrf": csrf_of(page), "assessment": str(assessment_id)})
        assert started.status_code == 303
        run_url = started.headers["location"]

        async def regraded() -> bool:
            return "grading…" not in (await client.get(run_url)).text

        await wait_for(regraded)
        diff = BeautifulSoup((await client.get(run_url)).text, "html.parser")
        rows = {tr.find_all("td")[0].get_text(): [td.get_text(strip=True)
                                                   for td in tr.find_all("td")]
                for tr in diff.select("#diff tbody tr")}
        assert rows["Ada"][2] == "100%" and rows["Ada"][3] != "100%"
        assert rows["Ada"][4].startswith("-")
        async with runtime.sessions() as session:  # nothing changed yet
            unchanged = [(await session.get(Submission, i, populate_existing=True)).score
                         for i in submitted]
            pinned = (await session.exec(select(AssessmentItem).where(
                AssessmentItem.assessment_id == assessment_id))).one().challenge_version_id
        assert unchanged == before and pinned == versions[0].id
        confirm = await client.post(
            diff.find("form", action=lambda a: a and a.endswith("/publish"))["action"],
            data={"csrf": csrf_of(await client.get(run_url))})
        assert confirm.status_code == 303
        async with runtime.sessions() as session:
            after = [(await session.get(Submission, i, populate_existing=True)).score
                     for i in submitted]
            pinned = (await session.exec(select(AssessmentItem).where(
                AssessmentItem.assessment_id == assessment_id))).one().challenge_version_id
        assert after[0] < 1.0 and pinned == versions[1].id
