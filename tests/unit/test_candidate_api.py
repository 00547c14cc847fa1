"""The candidate's JSON API: start, draft, submit (202), status; one error shape."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from app.models import Attempt, utcnow
from tests.candidates import invite_link

SLUG = "health-and-typed-path-params"


async def test_start_draft_submit_and_read_the_status(app, client) -> None:  # type: ignore[no-untyped-def]
    token = (await invite_link(app.state.runtime, time_limit_min=20)).removeprefix("/a/")
    base = f"/api/v1/attempts/{token}"
    started = await client.post(f"{base}/start")
    assert started.status_code == 200 and 1190 <= started.json()["remaining_s"] <= 1200
    assert (await client.post(f"{base}/start")).json()["started_at"] == started.json()["started_at"]

    draft = await client.put(f"{base}/challenges/{SLUG}/draft",
                             json={"files": {"solution.py": "app = None\n"}})
    assert draft.status_code == 200 and "saved_at" in draft.json()

    accepted = await client.post(f"{base}/challenges/{SLUG}/submissions",
                                 json={"files": {"solution.py": "app = None\n"}})
    assert accepted.status_code == 202 and accepted.json()["status"] == "queued"
    sid = accepted.json()["id"]
    status = await client.get(f"/api/v1/submissions/{sid}",
                              headers={"Authorization": f"Bearer {token}"})
    assert status.status_code == 200
    assert status.json() == {"id": sid, "kind": "submit", "number": 1, "status": "queued",
                             "queue_position": 1, "phase": None}


async def test_errors_share_one_shape_and_never_500(app, client) -> None:  # type: ignore[no-untyped-def]
    token = (await invite_link(app.state.runtime)).removeprefix("/a/")
    base = f"/api/v1/attempts/{token}"
    not_started = await client.put(f"{base}/challenges/{SLUG}/draft",
                                   json={"files": {"solution.py": "x"}})
    assert not_started.status_code == 409
    assert set(not_started.json()) == {"error"}
    await client.post(f"{base}/start")
    cases = {
        "bad file name": (f"{base}/challenges/{SLUG}/submissions",
                          {"files": {"../etc/passwd": "x"}}, 422),
        "unknown challenge": (f"{base}/challenges/nope/submissions",
                              {"files": {"solution.py": "x"}}, 404),
        "bad body": (f"{base}/challenges/{SLUG}/submissions", {"files": "not a dict"}, 422),
        "bad kind": (f"{base}/challenges/{SLUG}/submissions",
                     {"files": {"solution.py": "x"}, "kind": "hack"}, 422),
    }
    for name, (url, body, code) in cases.items():
        response = await client.post(url, json=body)
        assert response.status_code == code, name
        assert response.json()["error"]["status"] == code and response.json()["error"]["message"]
    assert (await client.post("/api/v1/attempts/" + "x" * 30 + "/start")).status_code == 404
    no_token = await client.get("/api/v1/submissions/1")
    assert no_token.status_code == 401


async def test_a_submission_after_the_deadline_is_409(app, client) -> None:  # type: ignore[no-untyped-def]
    token = (await invite_link(app.state.runtime)).removeprefix("/a/")
    await client.post(f"/api/v1/attempts/{token}/start")
    async with app.state.runtime.sessions() as session:
        attempt = (await session.exec(select(Attempt))).one()
        attempt.deadline_at = utcnow() - timedelta(seconds=1)
        session.add(attempt)
        await session.commit()
    late = await client.post(f"/api/v1/attempts/{token}/challenges/{SLUG}/submissions",
                             json={"files": {"solution.py": "x"}})
    assert late.status_code == 409 and "time is up" in late.json()["error"]["message"]


async def test_another_candidates_submission_is_not_visible(app, client) -> None:  # type: ignore[no-untyped-def]
    mine = (await invite_link(app.state.runtime, name="Ada")).removeprefix("/a/")
    theirs = (await invite_link(app.state.runtime, name="Bob")).removeprefix("/a/")
    for token in (mine, theirs):
        await client.post(f"/api/v1/attempts/{token}/start")
    accepted = await client.post(f"/api/v1/attempts/{theirs}/challenges/{SLUG}/submissions",
                                 json={"files": {"solution.py": "x"}})
    peek = await client.get(f"/api/v1/submissions/{accepted.json()['id']}",
                            headers={"Authorization": f"Bearer {mine}"})
    assert peek.status_code == 404
