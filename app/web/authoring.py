"""Admins author challenges in the browser: edit every file of a draft, validate it in the
sandbox, publish it, and regrade older submissions against the new version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import RuntimeDep, SessionDep
from app.errors import DomainError
from app.library.markdown import render_markdown
from app.models import ChallengeSource, User
from app.security import AdminUser, CsrfChecked, csrf_token
from app.services import authoring, regrade
from app.services.authoring_validation import start_validation
from app.templating import render

router = APIRouter(prefix="/admin/challenges", tags=["authoring"], include_in_schema=False)


def _to(request: Request, name: str, **params: str) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for(name, **params), status_code=303)


@router.get("/new", name="admin_new_challenge_form")
async def new_form(request: Request, user: AdminUser) -> Response:
    return render(request, "admin/challenge_new.html", {"user": user, "csrf": csrf_token(request)})


@router.post("/new", name="admin_create_challenge", dependencies=[CsrfChecked])
async def create(request: Request, user: AdminUser, runtime: RuntimeDep, session: SessionDep,
                 slug: Annotated[str, Form()] = "") -> Response:
    try:
        await authoring.new_challenge(session=session, slug=slug.strip(),
                                      root=runtime.settings.library_root, user=user)
    except DomainError as exc:
        return render(request, "admin/challenge_new.html", {
            "user": user, "csrf": csrf_token(request), "error": exc.message, "slug": slug},
            status_code=exc.status_code)
    return _to(request, "admin_edit_challenge", slug=slug.strip())


async def _editor(request: Request, user: User, draft: ChallengeSource, *, error: str = "",
                  files: dict[str, str] | None = None, status_code: int = 200) -> Response:
    shown = files if files is not None else draft.files
    statement = next((text for path, text in shown.items() if path.endswith("/statement.md")),
                     "")
    ready, why = authoring.publishable(draft)
    return render(request, "admin/challenge_edit.html", {
        "user": user, "csrf": csrf_token(request), "draft": draft, "files": shown,
        "error": error, "preview": render_markdown(statement), "publishable": ready is not None,
        "why_not": why}, status_code=status_code)


@router.get("/{slug}/edit", name="admin_edit_challenge")
async def edit(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    draft = await authoring.draft_for(session=session, slug=slug,
                                      root=runtime.settings.library_root, user=user)
    return await _editor(request, user, draft)


def _typed_files(form: dict[str, str]) -> dict[str, str]:
    """`file.<n>.path` / `file.<n>.text` / `file.<n>.delete`, and one `new.path` / `new.text`."""
    files: dict[str, str] = {}
    numbers = sorted({key.split(".")[1] for key in form if key.startswith("file.")})
    for n in numbers:
        path = form.get(f"file.{n}.path", "").strip()
        if path and not form.get(f"file.{n}.delete"):
            files[path] = form.get(f"file.{n}.text", "")
    new_path = form.get("new.path", "").strip()
    if new_path:
        if new_path in files:
            raise DomainError(f"{new_path} is already in the challenge")
        files[new_path] = form.get("new.text", "")
    return files


@router.post("/{slug}/edit", name="admin_save_challenge", dependencies=[CsrfChecked])
async def save(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    draft = await authoring.draft_for(session=session, slug=slug,
                                      root=runtime.settings.library_root, user=user)
    form = {str(k): str(v) for k, v in (await request.form()).items()}
    files = draft.files
    try:
        files = _typed_files(form)
        problem = await authoring.save_draft(session=session, draft=draft, files=files)
    except DomainError as exc:  # nothing saved: the typed text comes back with the reason
        return await _editor(request, user, draft, error=exc.message, files=files,
                             status_code=exc.status_code)
    if problem:
        return await _editor(request, user, draft, error=problem, status_code=400)
    if form.get("then") == "validate":
        await start_validation(runtime, draft)
        return _to(request, "admin_validation", slug=slug)
    return _to(request, "admin_edit_challenge", slug=slug)


@router.post("/{slug}/validate", name="admin_validate_challenge", dependencies=[CsrfChecked])
async def validate(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
                   session: SessionDep) -> Response:
    draft = await authoring.draft_for(session=session, slug=slug,
                                      root=runtime.settings.library_root, user=user)
    await start_validation(runtime, draft)
    return _to(request, "admin_validation", slug=slug)


@router.get("/{slug}/validate", name="admin_validation")
async def validation(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
                     session: SessionDep) -> Response:
    draft = await authoring.draft_for(session=session, slug=slug,
                                      root=runtime.settings.library_root, user=user)
    ready, why = authoring.publishable(draft)
    return render(request, "admin/challenge_validation.html", {
        "user": user, "csrf": csrf_token(request), "draft": draft,
        "record": draft.validation or {}, "publishable": ready is not None, "why_not": why})


@router.post("/{slug}/publish", name="admin_publish_challenge", dependencies=[CsrfChecked])
async def publish(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
                  session: SessionDep) -> Response:
    draft = await authoring.draft_for(session=session, slug=slug,
                                      root=runtime.settings.library_root, user=user)
    await authoring.publish(session=session, draft=draft, root=runtime.settings.library_root,
                            library=runtime.library, user=user)
    return _to(request, "admin_regrade", slug=slug)


@router.get("/{slug}/regrade", name="admin_regrade")
async def regrade_page(request: Request, slug: str, user: AdminUser, session: SessionDep,
                       run: Annotated[int | None, Query(ge=1)] = None) -> Response:
    runs = await regrade.runs_of(session=session, slug=slug)
    chosen = run or (runs[0].id if runs else None)
    return render(request, "admin/regrade.html", {
        "user": user, "csrf": csrf_token(request), "slug": slug,
        "newest": await regrade.newest_version(session=session, slug=slug),
        "candidates": await regrade.candidates(session=session, slug=slug), "runs": runs,
        "current": await regrade.view(session=session, run_id=chosen, slug=slug)
        if chosen else None})


@router.post("/{slug}/regrade", name="admin_start_regrade", dependencies=[CsrfChecked])
async def start_regrade(request: Request, slug: str, user: AdminUser, runtime: RuntimeDep,
                        session: SessionDep) -> Response:
    chosen = (await request.form()).getlist("assessment")
    try:
        ids = [int(str(a)) for a in chosen]
    except ValueError:
        raise DomainError("assessments are chosen by number") from None
    started = await regrade.start(session=session, slug=slug, assessment_ids=ids, user=user)
    runtime.wakeup.notify()
    return RedirectResponse(request.app.url_path_for("admin_regrade", slug=slug)
                            + f"?run={started.id}", status_code=303)


@router.post("/{slug}/regrade/{run_id}/publish", name="admin_publish_regrade",
             dependencies=[CsrfChecked])
async def publish_regrade(request: Request, slug: str, run_id: int, user: AdminUser,
                          runtime: RuntimeDep, session: SessionDep) -> Response:
    await regrade.publish(session=session, run_id=run_id, slug=slug, user=user)
    runtime.contexts.clear()
    runtime.statuses.clear()
    runtime.views.clear()
    return RedirectResponse(request.app.url_path_for("admin_regrade", slug=slug)
                            + f"?run={run_id}", status_code=303)
