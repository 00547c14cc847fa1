"""The candidate's pages: the overview, a challenge, and live submission status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import RuntimeDep, SessionDep
from app.errors import NotFound
from app.library.loader import Challenge
from app.models import Attempt
from app.security import CsrfFailed
from app.services import attempts, submissions
from app.templating import is_htmx, render

router = APIRouter(prefix="/a/{token}", tags=["candidate"])


async def current_attempt(token: str, session: SessionDep) -> Attempt:
    return await attempts.attempt_by_token(session=session, token=token)


AttemptDep = Annotated[Attempt, Depends(current_attempt)]


def _challenge(runtime: RuntimeDep, slug: str) -> Challenge:
    challenge = runtime.library.get(slug)
    if challenge is None:
        raise NotFound(f"no challenge {slug!r}")
    return challenge


@router.get("", name="candidate_home")
async def home(request: Request, token: str, attempt: AttemptDep, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    latest = await attempts.latest_submissions(session=session, attempt_id=attempt.id)
    return render(request, "candidate/home.html", {
        "token": token, "attempt": attempt, "challenges": list(runtime.library.values()),
        "latest": latest,
    })


@router.get("/c/{slug}", name="candidate_challenge")
async def challenge_page(request: Request, token: str, slug: str, attempt: AttemptDep,
                         runtime: RuntimeDep, session: SessionDep) -> Response:
    challenge = _challenge(runtime, slug)
    latest = await attempts.latest_submissions(session=session, attempt_id=attempt.id)
    last = latest.get(slug)
    status = None
    if last is not None:
        status = await submissions.get_status(session=session, submission_id=last.id)
    files = challenge.starter | (last.files if last is not None else {})
    return render(request, "candidate/challenge.html", {
        "token": token, "challenge": challenge, "files": files, "status": status,
        "csrf": attempts.csrf_token(runtime.settings.secret_key, attempt),
    })


@router.post("/c/{slug}/submissions", name="candidate_submit")
async def submit(request: Request, token: str, slug: str, attempt: AttemptDep,
                 runtime: RuntimeDep, session: SessionDep,
                 csrf: Annotated[str, Form()], action: Annotated[str, Form()] = "submit"
                 ) -> Response:
    if not attempts.csrf_ok(runtime.settings.secret_key, attempt, csrf):
        raise CsrfFailed("this form has expired; reload the page and try again")
    challenge = _challenge(runtime, slug)
    form = await request.form()
    files = {name: str(form[f"file:{name}"]) for name in challenge.starter
             if f"file:{name}" in form}
    kind = "examples" if action == "examples" else "submit"
    submission = await submissions.submit(session=session, challenge=challenge, files=files,
                                          attempt_id=attempt.id, kind=kind)
    runtime.wakeup.notify()
    if is_htmx(request):
        status = await submissions.get_status(session=session, submission_id=submission.id)
        return render(request, "candidate/status.html", {"token": token, "status": status},
                      block="status")
    return RedirectResponse(
        request.url_for("candidate_submission", token=token, submission_id=submission.id),
        status_code=303,
    )


@router.get("/submissions/{submission_id}", name="candidate_submission")
async def submission_status(request: Request, token: str, submission_id: int,
                            attempt: AttemptDep, session: SessionDep) -> Response:
    status = await submissions.get_status(session=session, submission_id=submission_id,
                                          attempt_id=attempt.id)
    block = "status" if is_htmx(request) else None
    return render(request, "candidate/status.html", {"token": token, "status": status},
                  block=block)
