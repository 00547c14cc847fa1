"""The candidate's knowledge-check section: start it, answer (autosaved), finish."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import RuntimeDep, SessionDep
from app.errors import DomainError
from app.models import utcnow
from app.services import knowledge_check
from app.templating import is_htmx, render
from app.web.candidate import CandidateCsrf, ContextDep, page_context

router = APIRouter(prefix="/a/{token}/quiz", tags=["candidate"], include_in_schema=False)
ANSWER_FIELD = re.compile(r"^q(\d{1,3})$")


def _quiz_page(request: Request, token: str) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for("candidate_quiz", token=token),
                            status_code=303)


@router.get("", name="candidate_quiz")
async def quiz(request: Request, ctx: ContextDep, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    attempt = ctx.require_started()
    now = utcnow()
    view = await knowledge_check.candidate_view(session=session, attempt=attempt,
                                                assessment=ctx.view.assessment, now=now)
    if view is None:
        raise DomainError("this assessment has no knowledge check")
    context = page_context(ctx, runtime) | {"quiz": view}
    if view.section is not None and view.section.finished_at is None:  # the section's clock
        context |= {"remaining_s": max(0, int((view.section.deadline_at - now).total_seconds())),
                    "expired_href": request.app.url_path_for("candidate_quiz", token=ctx.token)}
    return render(request, "candidate/quiz.html", context)


@router.post("/start", name="candidate_quiz_start", dependencies=[CandidateCsrf])
async def start(request: Request, token: str, ctx: ContextDep,
                session: SessionDep) -> Response:
    await knowledge_check.start_section(session=session, attempt=ctx.require_started(),
                                        assessment=ctx.view.assessment, now=utcnow())
    return _quiz_page(request, token)


def _answers(form_items: list[tuple[str, str]]) -> dict[int, list[int]]:
    """`shown` names each question on the form (so an unticked one is cleared); `q<n>` carries
    the chosen option positions."""
    answers: dict[int, list[int]] = {}
    for key, value in form_items:
        try:
            if key == "shown":
                answers.setdefault(int(value), [])
            elif match := ANSWER_FIELD.match(key):
                answers.setdefault(int(match.group(1)), []).append(int(value))
        except ValueError as exc:
            raise DomainError(f"{key} must be a number") from exc
    return answers


@router.post("/answers", name="candidate_quiz_answer", dependencies=[CandidateCsrf])
async def answer(request: Request, token: str, ctx: ContextDep,
                 session: SessionDep) -> Response:
    attempt = ctx.require_started()
    answers = _answers(list((await request.form()).multi_items()))  # type: ignore[arg-type]
    if not answers:
        raise DomainError("no answer was sent")
    now = utcnow()
    for number, chosen in sorted(answers.items()):
        await knowledge_check.save_answer(session=session, attempt=attempt, number=number,
                                          chosen=chosen, now=now)
    if is_htmx(request) or request.headers.get("X-Requested-With") == "fetch":
        return Response(status_code=204)
    return _quiz_page(request, token)


@router.post("/finish", name="candidate_quiz_finish", dependencies=[CandidateCsrf])
async def finish(request: Request, token: str, ctx: ContextDep,
                 session: SessionDep) -> Response:
    await knowledge_check.finish_section(session=session, attempt=ctx.require_started(),
                                         assessment=ctx.view.assessment, now=utcnow())
    return _quiz_page(request, token)
