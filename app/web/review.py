"""Interviewers' pages: submissions and their full results."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.security import StaffUser, csrf_token
from app.services import review
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
