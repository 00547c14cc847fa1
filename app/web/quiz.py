"""The candidate's knowledge-check section: start it, answer (autosaved), flag questions for
review, and finish it after a confirmation that names what is unanswered and flagged."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import RuntimeDep, SessionDep
from app.errors import Conflict, DomainError
from app.models import Attempt, utcnow
from app.services import knowledge_check
from app.services.knowledge_check import SectionView
from app.templating import is_htmx, render
from app.web.candidate import CandidateCsrf, ContextDep, page_context

router = APIRouter(prefix="/a/{token}/quiz", tags=["candidate"], include_in_schema=False)
ANSWER_FIELD = re.compile(r"^q(\d{1,3})$")
FLAG_VALUES = {"1": True, "0": False}
CONFIRMED = "yes"  # the value of the `confirm` field that finishing requires


def _quiz_page(request: Request, token: str, fragment: str = "") -> RedirectResponse:
    url = request.app.url_path_for("candidate_quiz", token=token)
    return RedirectResponse(f"{url}{fragment}", status_code=303)


def _from_script(request: Request) -> bool:
    return is_htmx(request) or request.headers.get("X-Requested-With") == "fetch"


async def _view(ctx: ContextDep, session: SessionDep) -> SectionView:
    view = await knowledge_check.candidate_view(session=session,
                                                attempt=ctx.require_started(),
                                                assessment=ctx.view.assessment, now=utcnow())
    if view is None:
        raise DomainError("this assessment has no knowledge check")
    return view


def _context(request: Request, ctx: ContextDep, runtime: RuntimeDep,
             view: SectionView) -> dict[str, object]:
    context = page_context(ctx, runtime) | {"quiz": view}
    if view.section is not None and view.section.finished_at is None:  # the section's clock
        remaining = (view.section.deadline_at - utcnow()).total_seconds()
        context |= {"remaining_s": max(0, int(remaining)),
                    "expired_href": request.app.url_path_for("candidate_quiz", token=ctx.token)}
    return context


@router.get("", name="candidate_quiz")
async def quiz(request: Request, ctx: ContextDep, runtime: RuntimeDep,
               session: SessionDep) -> Response:
    view = await _view(ctx, session)
    return render(request, "candidate/quiz.html", _context(request, ctx, runtime, view))


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


async def _save_answers(request: Request, session: SessionDep,
                        attempt: Attempt) -> dict[int, list[int]]:
    """Save the answers a form carries. Without JavaScript the flag and finish buttons submit
    the whole question form, so ticks made since the last save are kept, not lost."""
    answers = _answers(list((await request.form()).multi_items()))  # type: ignore[arg-type]
    now = utcnow()
    for number, chosen in sorted(answers.items()):
        await knowledge_check.save_answer(session=session, attempt=attempt, number=number,
                                          chosen=chosen, now=now)
    return answers


@router.post("/answers", name="candidate_quiz_answer", dependencies=[CandidateCsrf])
async def answer(request: Request, token: str, ctx: ContextDep,
                 session: SessionDep) -> Response:
    if not _answers(list((await request.form()).multi_items())):  # type: ignore[arg-type]
        raise DomainError("no answer was sent")
    await _save_answers(request, session, ctx.require_started())
    if _from_script(request):
        return Response(status_code=204)
    return _quiz_page(request, token)


@router.post("/items/{item_id}/flag", name="candidate_quiz_flag", dependencies=[CandidateCsrf])
async def flag(request: Request, token: str, item_id: int, ctx: ContextDep,
               session: SessionDep) -> Response:
    """`flagged` = 1 or 0. Only the attempt's own questions can be flagged (another attempt's
    item is a 404), only while the section is open (409 after)."""
    attempt = ctx.require_started()
    value = str((await request.form()).get("flagged", ""))
    if value not in FLAG_VALUES:
        raise DomainError("flagged must be 1 or 0")
    if not _from_script(request):
        await _save_answers(request, session, attempt)
    item = await knowledge_check.set_flag(session=session, attempt=attempt, item_id=item_id,
                                          flagged=FLAG_VALUES[value], now=utcnow())
    if _from_script(request):
        return Response(status_code=204)
    return _quiz_page(request, token, f"#q{item.position + 1}")


@router.get("/finish", name="candidate_quiz_confirm")
async def confirm(request: Request, token: str, ctx: ContextDep, runtime: RuntimeDep,
                  session: SessionDep) -> Response:
    """The confirmation step: a page without JavaScript, the dialog's content with it."""
    view = await _view(ctx, session)
    if view.section is None or view.section.finished_at is not None:
        return _quiz_page(request, token)
    return render(request, "candidate/quiz_finish.html", _context(request, ctx, runtime, view),
                  block="confirm" if _from_script(request) else None)


@router.post("/finish", name="candidate_quiz_finish", dependencies=[CandidateCsrf])
async def finish(request: Request, token: str, ctx: ContextDep,
                 session: SessionDep) -> Response:
    """Finishing needs `confirm=yes` (sent by the confirmation step); without it the answers
    sent along are saved and the candidate is shown the confirmation, and nothing ends."""
    attempt, now = ctx.require_started(), utcnow()
    if (await request.form()).get("confirm") != CONFIRMED:
        await _save_answers(request, session, attempt)
        section = await knowledge_check.get_section(session=session, attempt=attempt)
        if section is None:
            raise Conflict("the knowledge check was not started")
        knowledge_check.require_section_open(section, attempt, now)
        return RedirectResponse(request.app.url_path_for("candidate_quiz_confirm", token=token),
                                status_code=303)
    await knowledge_check.finish_section(session=session, attempt=attempt,
                                         assessment=ctx.view.assessment, now=now)
    return _quiz_page(request, token)
