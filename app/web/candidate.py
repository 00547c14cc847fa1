"""The candidate's pages: welcome, the timed attempt, challenges, live status, finish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from app.deps import RuntimeDep, SessionDep
from app.errors import Conflict
from app.models import ChallengeVersion, utcnow
from app.security import CsrfFailed
from app.services import attempts, drafts, knowledge_check, submissions
from app.services.attempts import CandidateContext
from app.services.drafts import DraftConflict
from app.services.workspace import load_workspace
from app.templating import is_htmx, render

# HTML pages: documented by the pages themselves, not in the OpenAPI schema (the JSON API is).
router = APIRouter(prefix="/a/{token}", tags=["candidate"], include_in_schema=False)

# Pages that are polled or reloaded read through short-lived caches: the status fragment is
# polled twice a second by every waiting candidate, and a graded submission never changes.
# A cached context can be a few seconds behind another process's write; every write (autosave,
# submit, finish) loads it afresh, so a stale read can show a page but never accept late work.
CONTEXT_TTL_S = 5.0
PENDING_STATUS_TTL_S = 0.25
DONE_STATUS_TTL_S = 3600.0


async def candidate_context(token: str, session: SessionDep,
                            runtime: RuntimeDep) -> CandidateContext:
    return await attempts.load(session=session, token=token, now=utcnow(),
                               views=runtime.assessment_view)


ContextDep = Annotated[CandidateContext, Depends(candidate_context)]


async def verify_candidate_csrf(request: Request, ctx: ContextDep, runtime: RuntimeDep) -> None:
    presented = request.headers.get("X-CSRF-Token")
    if presented is None:
        presented = str((await request.form()).get("csrf", ""))
    if not attempts.csrf_ok(runtime.settings.secret_key, ctx.invite, presented):
        raise CsrfFailed("this form has expired; reload the page and try again")


CandidateCsrf = Depends(verify_candidate_csrf)
CONFIRMED = "yes"  # the `confirm` field's value that finishing and a last submission need


def _from_script(request: Request) -> bool:
    return is_htmx(request) or request.headers.get("X-Requested-With") == "fetch"


def page_context(ctx: CandidateContext, runtime: RuntimeDep) -> dict[str, object]:
    """Every candidate page gets the link, the countdown and the form token."""
    return {"token": ctx.token, "ctx": ctx, "attempt": ctx.attempt,
            "csrf": attempts.csrf_token(runtime.settings.secret_key, ctx.invite),
            "remaining_s": _remaining(ctx)}


def _page(request: Request, ctx: CandidateContext, runtime: RuntimeDep, template: str,
          extra: dict[str, object] | None = None, block: str | None = None) -> Response:
    return render(request, template, page_context(ctx, runtime) | (extra or {}), block=block)


def _remaining(ctx: CandidateContext) -> int | None:
    attempt = ctx.attempt
    if attempt is None or attempt.finished_at is not None:
        return None
    return max(0, int((attempt.deadline_at - utcnow()).total_seconds()))


def _home(request: Request, token: str) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for("candidate_home", token=token),
                            status_code=303)


def _files(version: ChallengeVersion, form_items: dict[str, str]) -> dict[str, str]:
    """The editor's files from a form: fields named `file:<starter file name>`."""
    return {name: form_items[f"file:{name}"] for name in version.content["starter"]
            if f"file:{name}" in form_items}


@router.get("", name="candidate_home")
async def home(request: Request, ctx: ContextDep, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    if ctx.attempt is None:
        return _page(request, ctx, runtime, "candidate/welcome.html")
    scores = await attempts.scores(session=session, ctx=ctx)
    quiz = await knowledge_check.candidate_view(session=session, attempt=ctx.attempt,
                                                assessment=ctx.view.assessment, now=utcnow())
    template = "candidate/finished.html" if ctx.attempt.finished_at else "candidate/home.html"
    return _page(request, ctx, runtime, template, {"scores": scores, "quiz": quiz})


@router.post("/start", name="candidate_start", dependencies=[CandidateCsrf])
async def start(request: Request, token: str, ctx: ContextDep, session: SessionDep,
                runtime: RuntimeDep) -> Response:
    await attempts.start(session=session, ctx=ctx, now=utcnow())
    runtime.contexts.discard(token)
    return _home(request, token)


@router.get("/finish", name="candidate_finish_confirm")
async def finish_confirm(request: Request, token: str, ctx: ContextDep, session: SessionDep,
                         runtime: RuntimeDep) -> Response:
    """The confirmation step: a page without JavaScript, the dialog's content with it."""
    attempt = ctx.require_started()
    if attempt.finished_at is not None:
        return _home(request, token)
    scores = await attempts.scores(session=session, ctx=ctx)
    quiz = await knowledge_check.candidate_view(session=session, attempt=attempt,
                                                assessment=ctx.view.assessment, now=utcnow())
    unanswered = None
    if quiz is not None:
        unanswered = len(quiz.unanswered) if quiz.section else quiz.settings.count
    return _page(request, ctx, runtime, "candidate/finish_confirm.html", {
        "never_submitted": [s for s in scores if s.submissions == 0],
        "unanswered": unanswered, "quiz": quiz},
        block="confirm" if _from_script(request) else None)


@router.post("/finish", name="candidate_finish", dependencies=[CandidateCsrf])
async def finish(request: Request, token: str, ctx: ContextDep, session: SessionDep,
                 runtime: RuntimeDep) -> Response:
    """Finishing needs `confirm=yes` (sent by the confirmation step); without it the candidate
    is shown the confirmation and nothing ends."""
    attempt, now = ctx.require_started(), utcnow()
    if (await request.form()).get("confirm") != CONFIRMED:
        attempts.require_open(attempt, now)
        return RedirectResponse(request.app.url_path_for("candidate_finish_confirm",
                                                         token=token), status_code=303)
    await attempts.finish(session=session, attempt=attempt, now=now)
    runtime.wakeup.notify()  # the code written since the last submission is being graded
    section = await knowledge_check.get_section(session=session, attempt=attempt)
    if section is not None:  # finishing the assessment ends its knowledge check too
        await knowledge_check.close_section(session=session, section=section,
                                            assessment=ctx.view.assessment, when=now)
    runtime.contexts.discard(token)
    return _home(request, token)


@router.get("/c/{slug}", name="candidate_challenge")
async def challenge_page(request: Request, token: str, slug: str, runtime: RuntimeDep,
                         session: SessionDep) -> Response:
    ctx = await _cached_context(runtime, session, token)
    attempt = ctx.require_started()
    version = ctx.view.version_for(slug)
    if attempt.finished_at is not None:
        return _home(request, token)
    work = await load_workspace(session=session, attempt_id=attempt.id, version_id=version.id)
    status = None
    if work.latest_submission_id is not None:
        status = await _cached_status(runtime, session, work.latest_submission_id, attempt.id)
    return _page(request, ctx, runtime, "candidate/challenge.html", {
        "version": version, "content": version.content,
        "statement": Markup(version.content["statement_html"]),  # sanitized at load time
        "files": version.content["starter"] | (work.draft_files or {}),
        "saved_at": work.saved_at, "status": status, "used": work.submissions_used,
        "revision": work.revision,
    })


@router.get("/c/{slug}/draft", name="candidate_draft_latest")
async def latest_draft(slug: str, ctx: ContextDep, session: SessionDep) -> dict[str, object]:
    """The stored draft (for "load the newer version" after a conflict)."""
    version = ctx.view.version_for(slug)
    draft = await drafts.current(session=session, attempt_id=ctx.require_started().id,
                                 version_id=version.id)
    files = version.content["starter"] | (draft.files if draft else {})
    return {"revision": draft.revision if draft else 0, "files": files,
            "saved_at": draft.updated_at.isoformat() if draft else None}


def _conflict_page(request: Request, ctx: CandidateContext, runtime: RuntimeDep,
                   version: ChallengeVersion, mine: dict[str, str],
                   conflict: DraftConflict) -> Response:
    """Without JavaScript: say the code changed elsewhere; offer the newer code (the challenge
    page) or this tab's code, saved as a new revision on top of the newer one."""
    response = _page(request, ctx, runtime, "candidate/draft_conflict.html", {
        "version": version, "mine": mine, "conflict": conflict})
    response.status_code = 409
    response.headers.update(conflict.headers)
    return response


@router.api_route("/c/{slug}/draft", methods=["PUT", "POST"], name="candidate_draft",
                  dependencies=[CandidateCsrf])
async def save_draft(request: Request, token: str, slug: str, ctx: ContextDep,
                     runtime: RuntimeDep, session: SessionDep) -> Response:
    """Autosave (PUT from the page's script) and the Save button without JavaScript (POST)."""
    version = ctx.view.version_for(slug)
    form = {k: str(v) for k, v in (await request.form()).items()}
    files = version.content["starter"] | submissions.checked_files(version, _files(version, form))
    try:
        draft = await attempts.save_draft(session=session, attempt=ctx.require_started(),
                                          version=version, files=files, now=utcnow(),
                                          expected=drafts.parse_revision(form.get("revision")))
    except DraftConflict as conflict:
        if request.method == "POST":
            return _conflict_page(request, ctx, runtime, version, files, conflict)
        raise
    if request.method == "POST":
        return RedirectResponse(
            request.app.url_path_for("candidate_challenge", token=token, slug=slug),
            status_code=303)
    return _page(request, ctx, runtime, "candidate/challenge.html",
                 {"saved_at": draft.updated_at, "revision": draft.revision}, block="save_state")


@router.post("/c/{slug}/submissions", name="candidate_submit", dependencies=[CandidateCsrf])
async def submit(request: Request, token: str, slug: str, ctx: ContextDep,
                 runtime: RuntimeDep, session: SessionDep,
                 action: Annotated[str, Form()] = "submit") -> Response:
    version = ctx.view.version_for(slug)
    form = {k: str(v) for k, v in (await request.form()).items()}
    kind = "examples" if action == "examples" else "submit"
    expected = drafts.parse_revision(form.get("revision"))
    if kind == "submit" and form.get("confirm") != CONFIRMED and await _is_last(session, ctx,
                                                                                 version):
        return await _confirm_last(request, ctx, runtime, session, version, form, expected)
    try:
        submission = await attempts.submit(session=session, ctx=ctx, version=version,
                                           files=_files(version, form), kind=kind,
                                           now=utcnow(), expected=expected)
    except DraftConflict as conflict:
        if is_htmx(request):
            raise
        mine = version.content["starter"] | submissions.checked_files(version,
                                                                        _files(version, form))
        return _conflict_page(request, ctx, runtime, version, mine, conflict)
    runtime.wakeup.notify()
    if is_htmx(request):
        status = await submissions.get_status(session=session, submission_id=submission.id)
        response = _page(request, ctx, runtime, "candidate/status.html", {"status": status},
                         block="status")
        draft = await drafts.current(session=session, attempt_id=submission.attempt_id,
                                     version_id=version.id)
        if draft is not None:  # the submit saved the draft: the page's next save builds on it
            response.headers["X-Draft-Revision"] = str(draft.revision)
        return response
    return RedirectResponse(
        request.app.url_path_for("candidate_submission", token=token,
                                 submission_id=submission.id), status_code=303)


async def _is_last(session: SessionDep, ctx: CandidateContext,
                   version: ChallengeVersion) -> bool:
    used = await attempts.submissions_used(session=session, attempt=ctx.require_started(),
                                           version=version)
    return used == ctx.view.assessment.max_submissions - 1


@router.get("/c/{slug}/submit", name="candidate_submit_confirm")
async def submit_confirm(request: Request, slug: str, ctx: ContextDep, runtime: RuntimeDep,
                         session: SessionDep) -> Response:
    """Asked by the page's script before a graded submission: 204 when it is not the last
    allowed one, else the confirmation (shown in a dialog)."""
    version = ctx.view.version_for(slug)
    attempts.require_open(ctx.require_started(), utcnow())
    if not await _is_last(session, ctx, version):
        return Response(status_code=204)
    return _page(request, ctx, runtime, "candidate/submit_confirm.html",
                 {"version": version, "files": None}, block="confirm")


async def _confirm_last(request: Request, ctx: CandidateContext, runtime: RuntimeDep,
                        session: SessionDep, version: ChallengeVersion, form: dict[str, str],
                        expected: int | None) -> Response:
    """The last allowed submission needs `confirm=yes`. Without it nothing is graded: the code
    is saved as the draft and the confirmation page carries it (or, from a script, 409)."""
    if is_htmx(request):
        raise Conflict("this is your last submission for this challenge: confirm it first")
    files = version.content["starter"] | submissions.checked_files(version,
                                                                    _files(version, form))
    try:
        draft = await attempts.save_draft(session=session, attempt=ctx.require_started(),
                                          version=version, files=files, now=utcnow(),
                                          expected=expected)
    except DraftConflict as conflict:
        return _conflict_page(request, ctx, runtime, version, files, conflict)
    return _page(request, ctx, runtime, "candidate/submit_confirm.html",
                 {"version": version, "files": files, "revision": draft.revision})


async def _cached_context(runtime: RuntimeDep, session: SessionDep,
                          token: str) -> CandidateContext:
    """For reads only, once started: a context at most CONTEXT_TTL_S old. (Before Start it is
    never cached, so pressing Start shows at once; every write loads afresh.)"""
    return await runtime.contexts.get_or_load(
        token, lambda: attempts.load(session=session, token=token, now=utcnow(),
                                     views=runtime.assessment_view),
        ttl=lambda loaded: CONTEXT_TTL_S if loaded.attempt is not None else 0.0)


async def _cached_status(runtime: RuntimeDep, session: SessionDep, submission_id: int,
                         attempt_id: int) -> submissions.SubmissionStatus:
    return await runtime.statuses.get_or_load(
        (submission_id, attempt_id),
        lambda: submissions.get_status(session=session, submission_id=submission_id,
                                       attempt_id=attempt_id),
        ttl=lambda s: DONE_STATUS_TTL_S if s.status == "done" else PENDING_STATUS_TTL_S)


@router.get("/submissions/{submission_id}", name="candidate_submission")
async def submission_status(request: Request, token: str, submission_id: int,
                            runtime: RuntimeDep, session: SessionDep) -> Response:
    ctx = await _cached_context(runtime, session, token)
    attempt = ctx.require_started()
    status = await _cached_status(runtime, session, submission_id, attempt.id)
    return _page(request, ctx, runtime, "candidate/status.html", {"status": status},
                 block="status" if is_htmx(request) else None)


@router.post("/events", name="candidate_event", status_code=204,
             dependencies=[CandidateCsrf])
async def event(ctx: ContextDep, session: SessionDep, kind: Annotated[str, Form()],
                slug: Annotated[str, Form()] = "", detail: Annotated[str, Form()] = ""
                ) -> Response:
    version = ctx.view.version_for(slug) if slug else None
    await attempts.record_event(session=session, attempt=ctx.require_started(), kind=kind,
                                version=version, detail=detail, now=utcnow())
    return Response(status_code=204)
