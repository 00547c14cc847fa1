"""Interviewers' pages: submissions and their full results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.errors import DomainError, NotFound
from app.security import CsrfChecked, StaffUser, csrf_token
from app.services import assessments, audit, compare, playback, review, reviews, scorecard
from app.services.highlight import highlight_code
from app.services.similarity_view import assessment_findings, similarity_findings
from app.templating import render

router = APIRouter(prefix="/review", tags=["review"], include_in_schema=False)


@router.get("", name="review_home")
async def submissions(request: Request, user: StaffUser, session: SessionDep) -> Response:
    rows = await review.recent_submissions(session=session)
    return render(request, "review/submissions.html", {"user": user, "rows": rows,
                                                        "csrf": csrf_token(request)})


@router.get("/submissions/{submission_id}", name="review_submission")
async def submission(request: Request, submission_id: int, user: StaffUser,
                     session: SessionDep) -> Response:
    detail = await review.submission_detail(session=session, submission_id=submission_id)
    return render(request, "review/submission.html", {"user": user, "detail": detail,
                                                       "csrf": csrf_token(request)})


async def _scorecard_page(request: Request, user: StaffUser, session: SessionDep,
                          attempt_id: int, *, template: str = "review/scorecard.html",
                          error: str = "", status_code: int = 200) -> Response:
    card = await scorecard.build(session=session, attempt_id=attempt_id)
    rows = await reviews.reviews_of(session=session, attempt_id=attempt_id)
    names = reviews.criteria(card.view.assessment)
    mine = next((r.review for r in rows if r.review.reviewer_id == user.id), None)
    findings = await similarity_findings(session=session, attempt_id=attempt_id)
    return render(request, template, {
        "user": user, "csrf": csrf_token(request), "card": card, "reviews": rows,
        "criteria": names, "agreement": reviews.agreement(rows, names), "mine": mine,
        "decisions": reviews.DECISIONS, "highlight": highlight_code, "error": error,
        "findings": findings}, status_code=status_code)


@router.get("/attempts/{attempt_id}/scorecard", name="review_scorecard")
async def scorecard_page(request: Request, attempt_id: int, user: StaffUser,
                         session: SessionDep) -> Response:
    return await _scorecard_page(request, user, session, attempt_id)


@router.get("/attempts/{attempt_id}/scorecard/print", name="review_scorecard_print")
async def scorecard_print(request: Request, attempt_id: int, user: StaffUser,
                          session: SessionDep) -> Response:
    """The scorecard as a printable page (the browser's Print to PDF makes the PDF)."""
    return await _scorecard_page(request, user, session, attempt_id,
                                 template="review/scorecard_print.html")


@router.post("/attempts/{attempt_id}/reviews", name="review_save", dependencies=[CsrfChecked])
async def save_review(request: Request, attempt_id: int, user: StaffUser,
                      session: SessionDep) -> Response:
    form = await request.form()
    names = [str(key)[6:] for key in form if str(key).startswith("score:")]
    names += [str(key)[8:] for key in form if str(key).startswith("comment:")]
    try:
        await reviews.save_review(
            session=session, attempt_id=attempt_id, reviewer=user,
            decision=str(form.get("decision", "undecided")), notes=str(form.get("notes", "")),
            scores={n: str(form.get(f"score:{n}", "")) for n in names},
            comments={n: str(form.get(f"comment:{n}", "")) for n in names})
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        return await _scorecard_page(request, user, session, attempt_id, error=exc.message,
                                     status_code=exc.status_code)
    return RedirectResponse(request.app.url_path_for(
        "review_scorecard", attempt_id=str(attempt_id)) + "#reviews", status_code=303)


@router.get("/attempts/{attempt_id}/challenges/{slug}/playback", name="review_playback")
async def playback_page(request: Request, attempt_id: int, slug: str, user: StaffUser,
                        session: SessionDep,
                        frame: Annotated[int | None, Query(ge=1)] = None) -> Response:
    found = await playback.build(session=session, attempt_id=attempt_id, slug=slug)
    if frame is not None and frame > len(found.frames):
        raise NotFound(f"this playback has {len(found.frames)} snapshots")
    current = found.frames[(frame or len(found.frames)) - 1] if found.frames else None
    return render(request, "review/playback.html", {
        "user": user, "csrf": csrf_token(request), "p": found, "frame": current,
        "highlight": highlight_code})


@router.get("/assessments/{assessment_id}/compare", name="review_compare")
async def compare_page(request: Request, assessment_id: int, user: StaffUser,
                       session: SessionDep,
                       sort: Annotated[str, Query(pattern=r"^(name|score|time|submissions)$")]
                       = "score",
                       order: Annotated[str, Query(pattern=r"^(asc|desc)$")] = "desc"
                       ) -> Response:
    found = await compare.compare(session=session, assessment_id=assessment_id, sort=sort,
                                  descending=order == "desc")
    return render(request, "review/compare.html", {
        "user": user, "csrf": csrf_token(request), "c": found, "sort": sort, "order": order,
        "histogram": found.histogram()})


@router.get("/assessments/{assessment_id}/results.csv", name="review_results_csv")
async def results_csv(assessment_id: int, user: StaffUser, session: SessionDep) -> Response:
    found = await compare.compare(session=session, assessment_id=assessment_id)
    await audit.record(session=session, action="results_exported", actor=user,
                       target=f"assessment {assessment_id}", detail={"rows": len(found.rows)})
    return Response(compare.results_csv(found), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="assessment-{assessment_id}-results.csv"'})


@router.get("/assessments/{assessment_id}/similar", name="review_similar")
async def similar_page(request: Request, assessment_id: int, user: StaffUser,
                       session: SessionDep,
                       threshold: Annotated[int, Query(ge=10, le=100)] = 50) -> Response:
    view = await assessments.get_assessment(session=session, assessment_id=assessment_id)
    found = await assessment_findings(session=session, assessment_id=assessment_id,
                                      threshold=threshold / 100)
    return render(request, "review/similar.html", {
        "user": user, "csrf": csrf_token(request), "view": view, "findings": found,
        "threshold": threshold})
