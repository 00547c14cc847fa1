"""The JSON API (v1): the same services as the pages, bearer tokens for staff."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from app.deps import SessionDep
from app.errors import Forbidden
from app.models import User, utcnow
from app.security import ApiUser
from app.services import assessments, audit, invites, overview, review
from app.services.accounts import Role
from app.services.overview import InviteStatus
from app.web.assessments import candidate_link

router = APIRouter(prefix="/api/v1", tags=["api"])


class Me(BaseModel):
    id: int
    email: str
    role: str


@router.get("/me", response_model=Me, summary="The user an API token belongs to")
async def me(user: ApiUser) -> Me:
    return Me(id=user.id, email=user.email, role=user.role)


@router.get("/staff/submissions/{submission_id}",
            summary="A submission's full result (per-test messages, logs, receipt)")
async def submission_result(submission_id: int, user: ApiUser,
                            session: SessionDep) -> dict[str, Any]:
    detail = await review.submission_detail(session=session, submission_id=submission_id)
    return {
        "id": detail.row.id, "challenge": detail.row.slug, "version": detail.version,
        "candidate": detail.row.candidate, "kind": detail.row.kind,
        "status": detail.row.status, "verdict": detail.row.verdict, "score": detail.row.score,
        "files": detail.files,
        "result": detail.result.model_dump(mode="json") if detail.result else None,
    }


# Assessments and invites (staff). Errors share the app's one shape: {"error": {...}}.

class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    described = {400: "The request breaks a rule (the message says which)",
                 401: "No API token, or one that is not valid",
                 403: "The token's user may not do this",
                 404: "No such assessment",
                 422: "The body is not the expected JSON"}
    return {code: {"model": ErrorOut, "description": described[code]} for code in codes}


async def api_admin(user: ApiUser) -> User:
    if user.role != Role.ADMIN:
        raise Forbidden("only an admin's token may invite candidates")
    return user


ApiAdmin = Annotated[User, Depends(api_admin)]


class AssessmentOut(BaseModel):
    id: int
    title: str
    description: str
    challenges: int = Field(description="How many challenges (pinned versions) it holds")
    time_limit_min: int
    scoring: str = Field(description="best | last graded submission per challenge")
    max_submissions: int = Field(description="Graded submissions allowed per challenge")
    opens_at: datetime | None
    closes_at: datetime | None
    invites: int
    created_at: datetime


class InviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_name: str
    candidate_email: str
    valid_days: int = Field(default=7, description="1 to 90")
    extra_minutes: int = Field(default=0, description="0 to 600, added to the time limit")


class InviteCreated(BaseModel):
    id: int
    link: str = Field(description="The candidate's link; returned once, never stored")
    expires_at: datetime


class ChallengeResult(BaseModel):
    slug: str
    title: str
    score: float | None = Field(description="0..1 by the assessment's rule; null: not graded")
    submissions: int


class CandidateResult(BaseModel):
    invite_id: int
    candidate: str
    email: str
    status: InviteStatus
    started_at: datetime | None
    finished_at: datetime | None
    challenges: list[ChallengeResult]
    overall: float | None = Field(
        description="Mean of the challenge scores, ungraded as 0; null before a start")


class AssessmentResults(BaseModel):
    id: int
    title: str
    candidates: list[CandidateResult]


@router.get("/assessments", response_model=list[AssessmentOut], summary="Every assessment",
            name="staff_assessments", responses=_errors(401))
async def list_assessments(user: ApiUser, session: SessionDep) -> list[AssessmentOut]:
    return [AssessmentOut(**row.assessment.model_dump(exclude={"knowledge_check",
                                                               "created_by"}),
                          challenges=row.challenges, invites=row.invites)
            for row in await overview.summaries(session=session)]


@router.post("/assessments/{assessment_id}/invites", response_model=InviteCreated,
             status_code=201, summary="Invite a candidate (admins only); the link comes once",
             name="staff_create_invite", responses=_errors(400, 401, 403, 404, 422))
async def create_invite(assessment_id: int, body: InviteIn, request: Request, user: ApiAdmin,
                        session: SessionDep) -> InviteCreated:
    invite, token = await invites.create_invite(
        session=session, assessment_id=assessment_id, candidate_name=body.candidate_name,
        candidate_email=body.candidate_email, valid_days=body.valid_days,
        extra_minutes=body.extra_minutes, now=utcnow(), created_by=user.id)
    await audit.record(session=session, action="invite_created", actor=user,
                       target=f"assessment {assessment_id}",
                       detail={"invite": invite.id, "candidate": invite.candidate_email,
                               "via": "api"})
    return InviteCreated(id=invite.id, link=candidate_link(request, token),
                         expires_at=invite.expires_at)


@router.get("/assessments/{assessment_id}/results", response_model=AssessmentResults,
            summary="Each invite's status and per-challenge scores",
            name="staff_assessment_results", responses=_errors(401, 404))
async def assessment_results(assessment_id: int, user: ApiUser,
                             session: SessionDep) -> AssessmentResults:
    view = await assessments.get_assessment(session=session, assessment_id=assessment_id)
    rows = await overview.results(session=session, view=view, now=utcnow())
    return AssessmentResults(id=view.assessment.id, title=view.assessment.title, candidates=[
        CandidateResult(
            invite_id=row.invite.id, candidate=row.invite.candidate_name,
            email=row.invite.candidate_email, status=row.status,
            started_at=row.attempt.started_at if row.attempt else None,
            finished_at=row.attempt.finished_at if row.attempt else None,
            challenges=[ChallengeResult(slug=s.slug, title=s.title, score=s.score,
                                        submissions=s.submissions) for s in row.scores],
            overall=row.overall)
        for row in rows])
