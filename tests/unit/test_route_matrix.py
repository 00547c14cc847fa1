"""Every route against every kind of caller: the allowed set succeeds, everyone else gets
401/403/404 (or, for a page, the redirect to sign in). The test enumerates the app's routes,
so a new route that is not in ALLOWED fails it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI

from app.config import Settings
from app.grading.contract import GradeRequest, GradeResult, Verdict
from app.main import create_app
from app.models import Attempt, RegradeRun
from app.services import accounts, submissions
from app.services.accounts import Role
from tests.candidates import invite_link, press_start

PASSWORD = "correct horse battery"
SLUG = "health-and-typed-path-params"
CALLERS = ("anonymous", "candidate", "interviewer", "admin", "api_token")
PUBLIC = set(CALLERS)
STAFF = {"interviewer", "admin"}

# route name -> callers allowed. Candidate routes are reached with the attempt's secret link.
ALLOWED: dict[str, set[str]] = {
    "openapi": PUBLIC, "swagger_ui_html": PUBLIC, "swagger_ui_redirect": PUBLIC,
    "redoc_html": PUBLIC, "healthz": PUBLIC, "login": PUBLIC, "login_submit": PUBLIC,
    "candidate_home": {"candidate"}, "candidate_start": {"candidate"},
    "candidate_finish": {"candidate"}, "candidate_challenge": {"candidate"},
    "candidate_draft": {"candidate"}, "candidate_submit": {"candidate"},
    "candidate_submission": {"candidate"}, "candidate_event": {"candidate"},
    "candidate_quiz": {"candidate"}, "candidate_quiz_start": {"candidate"},
    "candidate_quiz_answer": {"candidate"}, "candidate_quiz_finish": {"candidate"},
    "candidate_quiz_flag": {"candidate"}, "candidate_quiz_confirm": {"candidate"},
    "candidate_finish_confirm": {"candidate"}, "candidate_draft_latest": {"candidate"},
    "candidate_submit_confirm": {"candidate"},
    "api_start": {"candidate"}, "api_draft": {"candidate"}, "api_submit": {"candidate"},
    "api_submission_status": {"candidate"},
    "logout": PUBLIC,  # signing out needs no authority (and only clears one's own session)
    "review_home": STAFF, "review_submission": STAFF, "review_scorecard": STAFF,
    "review_scorecard_print": STAFF, "review_save": STAFF, "review_playback": STAFF,
    "review_compare": STAFF, "review_results_csv": STAFF, "review_similar": STAFF,
    "admin_audit": {"admin"},
    "admin_users": {"admin"}, "admin_create_user": {"admin"}, "admin_deactivate_user": {"admin"},
    "admin_assessments": STAFF, "admin_assessment": STAFF, "admin_new_assessment": {"admin"},
    "admin_create_assessment": {"admin"}, "admin_create_invite": {"admin"},
    "admin_revoke_invite": {"admin"}, "admin_revoke_invite_confirm": {"admin"},
    "admin_restore_invite": {"admin"},
    "admin_challenges": STAFF, "admin_challenge": STAFF,
    "admin_new_challenge_form": {"admin"}, "admin_create_challenge": {"admin"},
    "admin_edit_challenge": {"admin"}, "admin_save_challenge": {"admin"},
    "admin_validate_challenge": {"admin"}, "admin_validation": {"admin"},
    "admin_publish_challenge": {"admin"}, "admin_regrade": {"admin"},
    "admin_start_regrade": {"admin"}, "admin_publish_regrade": {"admin"},
    "admin_quizzes": STAFF, "admin_quiz": STAFF, "admin_edit_quiz": {"admin"},
    "admin_export_quizzes": {"admin"}, "admin_import_quizzes_form": {"admin"},
    "admin_import_quizzes": {"admin"},
    "staff_assessments": {"api_token"}, "staff_assessment_results": {"api_token"},
    "staff_create_invite": set(),  # admins' tokens only; this token is an interviewer's
    "me": {"api_token"}, "submission_result": {"api_token"},
}
DENIED = {401, 403, 404}


def all_routes(app: FastAPI) -> Iterator[tuple[str, str, str]]:
    """(name, method, path) for every route, including those of included routers."""
    for route in app.routes:
        contexts = (route.effective_route_contexts()
                    if hasattr(route, "effective_route_contexts") else [route])
        for ctx in contexts:
            for method in sorted(getattr(ctx, "methods", None) or []):
                if method != "HEAD":
                    yield ctx.name, method, ctx.path


class NoSandbox:
    """Authorization is under test here, not grading: a validation started by the matrix ends
    at once with a platform error instead of starting containers."""

    async def run(self, request: GradeRequest, on_phase: object = None) -> GradeResult:
        return GradeResult(verdict=Verdict.SANDBOX_ERROR, detail="no sandbox in this test")


@pytest.fixture
async def world(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(settings, start_workers=False)
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        runtime._tool_sandbox = NoSandbox()
        async with runtime.sessions() as session:
            for email, role in (("int@example.com", Role.INTERVIEWER),
                                ("adm@example.com", Role.ADMIN),
                                ("spare@example.com", Role.INTERVIEWER)):
                await accounts.create_user(session=session, email=email, role=role,
                                           password=PASSWORD)
            _, api_token = await accounts.issue_token(session=session, email="int@example.com")
        # Two started attempts: one to finish (finishing closes it), one for everything else.
        links = [await invite_link(runtime, name=name, slugs=[SLUG],
                                   knowledge_check={"count": 1, "time_limit_min": 10})
                 for name in ("Cy", "Di")]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver") as client:
            for link in links:
                assert (await press_start(client, link)).status_code == 303
        async with runtime.sessions() as session:
            attempt = await session.get(Attempt, 1)
            sub = await submissions.submit_challenge(
                session=session, challenge=runtime.library[SLUG],
                files={"solution.py": "app = None\n"}, attempt_id=attempt.id)
            # a finished (empty) regrade run, so its publish route has something to publish
            session.add(RegradeRun(slug=SLUG, to_version_id=1, assessment_ids=[1]))
            await session.commit()
        yield {"app": app, "api_token": api_token, "submission_id": sub.id,
               "link_token": links[0].removeprefix("/a/"),
               "finish_token": links[1].removeprefix("/a/")}


async def _client(world: dict, caller: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=world["app"]),
                               base_url="http://testserver")
    if caller in STAFF:
        csrf = await _staff_csrf(client)
        email = "int@example.com" if caller == "interviewer" else "adm@example.com"
        signed_in = await client.post("/login", data={"email": email, "password": PASSWORD,
                                                      "csrf": csrf})
        assert signed_in.status_code == 303
    if caller == "api_token":
        client.headers["Authorization"] = f"Bearer {world['api_token']}"
    if caller == "candidate":  # the invite token is also the bearer of the candidate API
        client.headers["Authorization"] = f"Bearer {world['link_token']}"
    return client


async def _staff_csrf(client: httpx.AsyncClient) -> str:
    page = BeautifulSoup((await client.get("/login")).text, "html.parser")
    return page.find("input", {"name": "csrf"})["value"]


async def _candidate_csrf(client: httpx.AsyncClient, token: str) -> str:
    page = await client.get(f"/a/{token}")
    field = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrf"})
    return field["value"] if field else "none"


def _token(world: dict, caller: str, name: str) -> str:
    if caller != "candidate":
        return "x" * 32
    return world["finish_token"] if name == "candidate_finish" else world["link_token"]


def _fill(path: str, world: dict, caller: str, name: str) -> str:
    token = _token(world, caller, name)
    values = {"token": token, "slug": SLUG, "submission_id": str(world["submission_id"]),
              "user_id": "3", "assessment_id": "1", "invite_id": "1",
              "qid": "httpbearer-missing-credentials-status", "attempt_id": "1", "item_id": "1",
              "run_id": "1"}
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)


async def _call(world: dict, caller: str, name: str, method: str, path: str) -> httpx.Response:
    client = await _client(world, caller)
    try:
        url = _fill(path, world, caller, name)
        if method == "GET":
            return await client.get(url)
        if name.startswith("api_"):  # the candidate API: JSON, no cookies, no CSRF
            return await client.request(method, url, json={"files": {"solution.py": "x = 1"}})
        token = _token(world, caller, name)
        data = {"csrf": (await _candidate_csrf(client, token) if name.startswith("candidate")
                         else await _staff_csrf(client))}
        if name == "login_submit":
            data |= {"email": "spare@example.com", "password": PASSWORD}
        if name == "admin_create_user":
            data |= {"email": f"{caller}-new@example.com", "role": "interviewer",
                     "password": PASSWORD}
        if name == "admin_create_assessment":
            data |= {"title": "Matrix", "challenge": SLUG, "time_limit_min": "30",
                     "max_submissions": "5"}
        if name == "admin_create_invite":
            data |= {"candidate_name": "Ed", "candidate_email": "ed@example.com"}
        if name in ("candidate_submit", "candidate_draft"):
            data |= {"action": "submit", "file:solution.py": "app = None\n"}
        if name == "candidate_event":
            data |= {"kind": "blur", "slug": SLUG}
        return await client.request(method, url, data=data)
    finally:
        await client.aclose()


def _denied(response: httpx.Response) -> bool:
    location = response.headers.get("location", "")
    to_login = response.status_code == 303 and location.startswith("/login?next=")
    return response.status_code in DENIED or to_login


async def test_every_route_is_in_the_matrix(world: dict) -> None:
    names = {name for name, _, _ in all_routes(world["app"])}
    assert names == set(ALLOWED), (
        f"not in the matrix: {sorted(names - set(ALLOWED))}; "
        f"gone from the app: {sorted(set(ALLOWED) - names)}")


@pytest.mark.parametrize("caller", CALLERS)
async def test_role_route_matrix(world: dict, caller: str) -> None:
    failures = []
    for name, method, path in all_routes(world["app"]):
        response = await _call(world, caller, name, method, path)
        allowed = caller in ALLOWED[name]
        if response.status_code >= 500:
            failures.append(f"{method} {path}: {response.status_code}")
        elif allowed and _denied(response):
            failures.append(f"{method} {path}: {caller} refused ({response.status_code})")
        elif not allowed and not _denied(response):
            failures.append(f"{method} {path}: {caller} let in ({response.status_code})")
    assert not failures, "\n".join(failures)
