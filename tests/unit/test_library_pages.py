"""`/admin/challenges`: staff browse the library by level and topic, with each challenge's
hidden-test titles and weights, validation and mutation status."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from app.config import Settings
from app.library.loader import load_library
from app.main import create_app
from app.services import accounts
from app.services.accounts import Role
from tests.candidates import soup

PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def staff(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings, start_workers=False)
    async with app.router.lifespan_context(app):
        async with app.state.runtime.sessions() as session:
            await accounts.create_user(session=session, email="int@example.com",
                                       role=Role.INTERVIEWER, password=PASSWORD)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver") as client:
            login = BeautifulSoup((await client.get("/login")).text, "html.parser")
            csrf = login.find("input", {"name": "csrf"})["value"]
            signed_in = await client.post("/login", data={
                "email": "int@example.com", "password": PASSWORD, "csrf": csrf})
            assert signed_in.status_code == 303
            yield client, app.state.runtime


def rows(page: httpx.Response) -> list[str]:
    return [tr["data-slug"] for tr in soup(page).select("#library tbody tr")]


async def test_the_library_lists_every_loaded_challenge_by_level(staff) -> None:  # type: ignore[no-untyped-def]
    client, runtime = staff
    page = await client.get("/admin/challenges")
    assert page.status_code == 200
    assert sorted(rows(page)) == sorted(runtime.library)
    levels = [runtime.library[s].meta.difficulty for s in rows(page)]
    order = {"junior": 0, "mid": 1, "senior": 2}
    assert levels == sorted(levels, key=order.__getitem__)


async def test_filters_by_level_and_topic(staff) -> None:  # type: ignore[no-untyped-def]
    client, runtime = staff
    juniors = rows(await client.get("/admin/challenges", params={"level": "junior"}))
    assert juniors and all(runtime.library[s].meta.difficulty == "junior" for s in juniors)
    topic = runtime.library["idempotency-keys"].meta.topics[-1]
    on_topic = rows(await client.get("/admin/challenges", params={"topic": topic}))
    assert "idempotency-keys" in on_topic
    assert all(topic in runtime.library[s].meta.topics for s in on_topic)
    everything = rows(await client.get("/admin/challenges", params={"level": "", "topic": ""}))
    assert len(everything) == len(runtime.library)


async def test_bad_filters_are_a_clear_4xx(staff) -> None:  # type: ignore[no-untyped-def]
    client, _ = staff
    for params in ({"level": "expert"}, {"topic": "99"}, {"topic": "abc"}):
        r = await client.get("/admin/challenges", params=params)
        assert r.status_code == 422, params


async def test_a_challenge_shows_test_titles_weights_and_validation(staff) -> None:  # type: ignore[no-untyped-def]
    client, _ = staff
    page = await client.get("/admin/challenges/idempotency-keys")
    assert page.status_code == 200
    html = soup(page)
    titles = [td.get_text(strip=True) for td in html.select("#tests tbody tr td:first-child")]
    assert "An empty Idempotency-Key is rejected with 400" in titles
    assert "def test_" not in page.text and "control.post" not in page.text  # no test code
    assert html.select_one("#validation h2").get_text(strip=True).startswith("Validation:")
    assert (await client.get("/admin/challenges/no-such-challenge")).status_code == 404


async def test_validation_status_comes_from_the_record_for_this_version(
        settings: Settings, tmp_path: Path) -> None:
    from app.services import catalog

    library, _ = load_library(ROOT)
    challenge = library["health-and-typed-path-params"]
    (tmp_path / "docs").mkdir()
    record = {challenge.slug: {"version": challenge.version, "ok": True, "error": "",
                               "checks": [{"name": "reference #1", "result": "passed 100%",
                                           "ok": True}]}}
    (tmp_path / "docs" / "validation.json").write_text(json.dumps(record))
    entry = catalog.browse(library={challenge.slug: challenge}, root=tmp_path)[0]
    assert entry.status.label == "valid"
    record[challenge.slug]["version"] = "0" * 16
    (tmp_path / "docs" / "validation.json").write_text(json.dumps(record))
    entry = catalog.browse(library={challenge.slug: challenge}, root=tmp_path)[0]
    assert entry.status.label == "not validated"
