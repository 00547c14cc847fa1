"""The candidate path over HTTP, graded in real containers: read, submit, see the verdict."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from bs4 import BeautifulSoup

from app.config import Settings
from app.main import create_app
from tests.candidates import invite_link, press_start, soup

pytestmark = pytest.mark.sandbox
SLUG = "health-and-typed-path-params"


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    settings.workers = 2
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            c.app = app  # type: ignore[attr-defined]
            yield c


async def new_link(client: httpx.AsyncClient) -> str:
    """A candidate's link, with the attempt started."""
    link = await invite_link(client.app.state.runtime)  # type: ignore[attr-defined]
    assert (await press_start(client, link)).status_code == 303
    return link


async def poll_until_done(client: httpx.AsyncClient, fragment: BeautifulSoup) -> BeautifulSoup:
    """Follow the fragment's own hx-get until it stops asking to be polled (as htmx does)."""
    for _ in range(200):
        status = fragment.find(id="status")
        url = status.get("hx-get")
        if not url:
            return fragment
        await asyncio.sleep(0.1)
        fragment = soup(await client.get(url, headers={"HX-Request": "true"}))
    raise AssertionError("the status never settled")


async def submit(client: httpx.AsyncClient, link: str, code: str, action: str = "submit",
                 csrf: str | None = None) -> httpx.Response:
    page = soup(await client.get(f"{link}/c/{SLUG}"))
    form = page.find("form", attrs={"data-autosave": True})
    data = {"csrf": csrf if csrf is not None else form.find("input", {"name": "csrf"})["value"],
            "action": action, "file:solution.py": code}
    return await client.post(form["action"], data=data, headers={"HX-Request": "true"})


async def test_overview_lists_the_challenges(client: httpx.AsyncClient) -> None:
    link = await new_link(client)
    page = soup(await client.get(link))
    titles = {a.get_text(strip=True) for a in page.select("table.list td a")}
    assert page.find(class_="countdown") is not None
    library = client.app.state.runtime.library  # type: ignore[attr-defined]
    assert titles == {c.meta.title for c in library.values()}


async def test_statement_and_starter_are_shown_but_no_hidden_test(
        client: httpx.AsyncClient) -> None:
    link = await new_link(client)
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    challenge = runtime.library[SLUG]
    response = await client.get(f"{link}/c/{SLUG}")
    page = soup(response)
    assert page.find("textarea").get_text() == challenge.starter["solution.py"]
    assert page.find("section", class_="statement").find("h1") is not None
    for hidden in challenge.hidden.values():
        assert hidden[:200] not in response.text
    for reference in challenge.reference.values():
        assert reference[:200] not in response.text


async def test_wrong_then_right_submission_show_live_verdicts(client: httpx.AsyncClient) -> None:
    link = await new_link(client)
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    challenge = runtime.library[SLUG]
    wrong = next(iter(challenge.wrong.values()))["solution.py"]

    first = await poll_until_done(client, soup(await submit(client, link, wrong)))
    status = first.find(id="status")
    assert "failed" in status["class"]
    fails = status.select("li.fail")
    assert fails and all(li.find("pre") is None for li in fails)  # no grader messages shown

    right = await poll_until_done(
        client, soup(await submit(client, link, challenge.reference["solution.py"])))
    assert "passed" in right.find(id="status")["class"]
    assert right.select("li.pass") and not right.select("li.fail")

    reloaded = soup(await client.get(f"{link}/c/{SLUG}"))
    assert reloaded.find("textarea").get_text() == challenge.reference["solution.py"]


async def test_examples_run_shows_the_visible_tests(client: httpx.AsyncClient) -> None:
    link = await new_link(client)
    starter = client.app.state.runtime.library[SLUG].starter["solution.py"]  # type: ignore[attr-defined]
    done = await poll_until_done(client, soup(await submit(client, link, starter, "examples")))
    status = done.find(id="status")
    assert status.find("h2").get_text().startswith("Examples run")
    assert status.select("li")


async def test_bad_input_gets_a_clear_error_and_nothing_is_queued(
        client: httpx.AsyncClient) -> None:
    link = await new_link(client)
    too_big = "x = 1\n" * 50_000
    response = await submit(client, link, too_big)
    assert response.status_code == 422
    assert "limit" in soup(response).find(class_="error").get_text()
    forged = await submit(client, link, "app = None", csrf="0" * 64)
    assert forged.status_code == 403
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    async with runtime.sessions() as session:
        from sqlmodel import func, select

        from app.models import Submission
        assert (await session.exec(select(func.count()).select_from(Submission))).one() == 0


async def test_unknown_link_and_foreign_submission_are_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/a/" + "x" * 32)).status_code == 404
    link = await new_link(client)
    assert (await client.get(f"{link}/submissions/999")).status_code == 404
    api = await client.get("/api/v1/nothing")
    assert api.status_code == 404 and api.json()["error"]["status"] == 404
