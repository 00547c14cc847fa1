"""The staff JSON API for assessments: listing, inviting (admins' tokens), results."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlmodel import select

from app.models import Invite, utcnow
from app.services import accounts, invites
from app.services.accounts import Role
from tests.unit.test_admin_assessments import FIRST, SECOND, make_assessment, seed_every_status

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
async def staff(app):  # type: ignore[no-untyped-def]
    """The accounts these tests sign in with."""
    async with app.state.runtime.sessions() as session:
        for email, role in (("ada@example.com", Role.INTERVIEWER),
                            ("root@example.com", Role.ADMIN)):
            await accounts.create_user(session=session, email=email, role=role,
                                       password=PASSWORD)
        _, app.state.interviewer_token = await accounts.issue_token(
            session=session, email="ada@example.com")
        _, app.state.admin_token = await accounts.issue_token(
            session=session, email="root@example.com")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_listing_needs_a_token_and_counts_challenges_and_invites(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    missing = await client.get("/api/v1/assessments")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json() == {"error": {"status": 401, "message": (
        "send an API token: Authorization: Bearer <token>")}}
    runtime = app.state.runtime
    first = await make_assessment(runtime, slugs=(FIRST, SECOND))
    second = await make_assessment(runtime, closes_at=datetime(2031, 3, 4, 5, 6).astimezone())
    async with runtime.sessions() as session:
        await invites.create_invite(session=session, assessment_id=first, candidate_name="G",
                                    candidate_email="g@example.com", now=utcnow())
    response = await client.get("/api/v1/assessments",
                                headers=bearer(app.state.interviewer_token))
    assert response.status_code == 200
    body = response.json()
    assert [(a["id"], a["challenges"], a["invites"]) for a in body] == [
        (second, 1, 0), (first, 2, 1)]  # newest first
    assert set(body[0]) == {"id", "title", "description", "challenges", "time_limit_min",
                            "scoring", "max_submissions", "opens_at", "closes_at", "invites",
                            "created_at"}
    closes = datetime.fromisoformat(body[0]["closes_at"])
    assert closes == datetime(2031, 3, 4, 5, 6).astimezone() and closes.utcoffset() == (
        timedelta(0))
    assert body[1]["opens_at"] is None and body[1]["time_limit_min"] == 60


async def test_an_admin_token_invites_and_gets_the_link_once(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assessment_id = await make_assessment(app.state.runtime)
    before = utcnow()
    response = await client.post(
        f"/api/v1/assessments/{assessment_id}/invites", headers=bearer(app.state.admin_token),
        json={"candidate_name": "Grace", "candidate_email": "Grace@example.com",
              "extra_minutes": 20})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "link", "expires_at"} and body["id"] == 1
    assert body["link"].startswith("http://testserver/a/")
    token = body["link"].rsplit("/", 1)[-1]
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=7) <= expires - before < timedelta(days=7, minutes=1)
    async with app.state.runtime.sessions() as session:
        invite = await invites.invite_by_token(session=session, token=token)
        assert (invite.id, invite.candidate_email, invite.extra_minutes, invite.created_by) == (
            1, "grace@example.com", 20, 2)
        assert token not in invite.token_hash
    results = await client.get(f"/api/v1/assessments/{assessment_id}/results",
                               headers=bearer(app.state.admin_token))
    assert token not in results.text  # the link is not given out again


async def test_inviting_is_refused_without_an_admin_token(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assessment_id = await make_assessment(app.state.runtime)
    url = f"/api/v1/assessments/{assessment_id}/invites"
    body = {"candidate_name": "Eve", "candidate_email": "eve@example.com"}
    interviewer = await client.post(url, json=body, headers=bearer(app.state.interviewer_token))
    assert interviewer.status_code == 403
    assert interviewer.json() == {"error": {"status": 403, "message": (
        "only an admin's token may invite candidates")}}
    anonymous = await client.post(url, json=body)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["status"] == 401
    async with app.state.runtime.sessions() as session:
        assert (await session.exec(select(Invite))).all() == []


@pytest.mark.parametrize(("path", "body", "status", "message"), [
    ("/api/v1/assessments/99/invites", {"candidate_name": "G", "candidate_email": "g@x.io"},
     404, "no assessment 99"),
    ("/api/v1/assessments/1/invites", {"candidate_name": "G", "candidate_email": "g@x.io",
                                       "valid_days": 91}, 400,
     "an invite is valid for 1 to 90 days"),
    ("/api/v1/assessments/1/invites", {"candidate_name": "G"}, 422,
     "candidate_email: Field required"),
])
async def test_invite_errors_have_the_one_shape(
        app, client: httpx.AsyncClient, path: str, body: dict[str, object], status: int,
        message: str) -> None:  # type: ignore[no-untyped-def]
    await make_assessment(app.state.runtime)
    response = await client.post(path, json=body, headers=bearer(app.state.admin_token))
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "message": message}}


async def test_results_give_each_invite_its_status_and_scores(
        app, client: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assessment_id = await seed_every_status(app.state.runtime)
    url = f"/api/v1/assessments/{assessment_id}/results"
    assert (await client.get(url)).status_code == 401
    response = await client.get(url, headers=bearer(app.state.interviewer_token))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["title"]) == (assessment_id, "Backend")
    rows = {row["candidate"]: row for row in body["candidates"]}
    assert [(r["invite_id"], r["candidate"], r["status"]) for r in body["candidates"]] == [
        (1, "Nora", "not started"), (2, "Ivan", "in progress"), (3, "Fay", "finished"),
        (4, "Eli", "expired"), (5, "Remy", "revoked")]
    fay = rows["Fay"]
    assert [(c["slug"], c["score"], c["submissions"]) for c in fay["challenges"]] == [
        (FIRST, 0.5, 2), (SECOND, None, 0)]  # best of 0.5 and 0.25; nothing graded
    assert fay["overall"] == 0.25  # (0.5 + 0) / 2
    assert datetime.fromisoformat(fay["started_at"]) < datetime.fromisoformat(
        fay["finished_at"])
    assert rows["Ivan"]["overall"] == 0.0 and rows["Ivan"]["finished_at"] is None
    nora = rows["Nora"]
    assert (nora["started_at"], nora["finished_at"], nora["overall"]) == (None, None, None)
    assert [c["score"] for c in nora["challenges"]] == [None, None]
    assert nora["email"] == "nora@example.com"
    missing = await client.get("/api/v1/assessments/99/results",
                               headers=bearer(app.state.interviewer_token))
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "message": "no assessment 99"}}


async def test_the_staff_api_is_documented_with_its_models(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    paths = schema["paths"]

    def ref(operation: dict, status: str) -> str:
        return operation["responses"][status]["content"]["application/json"]["schema"]

    create = paths["/api/v1/assessments/{assessment_id}/invites"]["post"]
    assert ref(create, "201") == {"$ref": "#/components/schemas/InviteCreated"}
    assert ref(create, "403") == {"$ref": "#/components/schemas/ErrorOut"}
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InviteIn"}
    results = paths["/api/v1/assessments/{assessment_id}/results"]["get"]
    assert ref(results, "200") == {"$ref": "#/components/schemas/AssessmentResults"}
    listing = ref(paths["/api/v1/assessments"]["get"], "200")
    assert listing["items"] == {"$ref": "#/components/schemas/AssessmentOut"}
    status = schema["components"]["schemas"]["InviteStatus"]
    assert status["enum"] == ["not started", "in progress", "finished", "expired", "revoked"]
    assert not [p for p in paths if p.startswith("/admin")]  # pages stay out of the schema
