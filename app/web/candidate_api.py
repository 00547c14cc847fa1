"""The candidate's JSON API: the same services as the pages, authorized by the invite link.

The link's token is the credential (in the path, or as a bearer token for a submission), so
there is no cookie and no CSRF surface here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel, Field

from app.deps import RuntimeDep, SessionDep
from app.models import utcnow
from app.security import bearer_token
from app.services import attempts, drafts, submissions
from app.services.attempts import CandidateContext
from app.web.candidate import candidate_context

router = APIRouter(prefix="/api/v1", tags=["candidate API"])


async def context_from_bearer(request: Request, session: SessionDep,
                              runtime: RuntimeDep) -> CandidateContext:
    return await candidate_context(bearer_token(request, "the invite token"), session, runtime)


PathContext = Annotated[CandidateContext, Depends(candidate_context)]
BearerContext = Annotated[CandidateContext, Depends(context_from_bearer)]


class AttemptOut(BaseModel):
    started_at: datetime
    deadline_at: datetime
    finished_at: datetime | None
    remaining_s: int


class FilesIn(BaseModel):
    files: dict[str, str] = Field(description="File name (from the starter) -> content")
    revision: int | None = Field(
        default=None, ge=0,
        description="The draft revision this code is based on (0: none saved yet); a stale one "
                    "is refused with 409. The `If-Match` header does the same; without either, "
                    "the write is unconditional")


class SubmissionIn(FilesIn):
    kind: Literal["submit", "examples"] = "submit"


class DraftOut(BaseModel):
    saved_at: datetime
    revision: int = Field(description="Send it back (`If-Match` or `revision`) with the next save")


IfMatch = Annotated[str | None, Header(alias="If-Match",
                                       description='The draft revision, e.g. "3"')]


def _expected(body: FilesIn, if_match: str | None) -> int | None:
    header = drafts.parse_revision(if_match)
    return header if header is not None else body.revision


class Accepted(BaseModel):
    id: int
    status: str


def _attempt_out(ctx: CandidateContext) -> AttemptOut:
    attempt = ctx.require_started()
    remaining = 0 if attempt.finished_at else (attempt.deadline_at - utcnow()).total_seconds()
    return AttemptOut(started_at=attempt.started_at, deadline_at=attempt.deadline_at,
                      finished_at=attempt.finished_at, remaining_s=max(0, int(remaining)))


@router.post("/attempts/{token}/start", response_model=AttemptOut, name="api_start",
             summary="Start the clock (idempotent)")
async def start(token: str, ctx: PathContext, session: SessionDep) -> AttemptOut:
    await attempts.start(session=session, ctx=ctx, now=utcnow())
    return _attempt_out(await attempts.load(session=session, token=token, now=utcnow()))


@router.put("/attempts/{token}/challenges/{slug}/draft", response_model=DraftOut,
            name="api_draft",
            summary="Save the draft of one challenge")
async def save_draft(slug: str, body: FilesIn, ctx: PathContext, session: SessionDep,
                     response: Response, if_match: IfMatch = None) -> DraftOut:
    """409 when the draft was saved elsewhere since the revision named (`If-Match` or
    `revision`); the error's `ETag` header carries the current revision."""
    version = ctx.view.version_for(slug)
    files = version.content["starter"] | submissions.checked_files(version, body.files)
    draft = await attempts.save_draft(session=session, attempt=ctx.require_started(),
                                      version=version, files=files, now=utcnow(),
                                      expected=_expected(body, if_match))
    response.headers["ETag"] = drafts.etag(draft.revision)
    return DraftOut(saved_at=draft.updated_at, revision=draft.revision)


@router.post("/attempts/{token}/challenges/{slug}/submissions", status_code=202,
             name="api_submit",
             response_model=Accepted, summary="Queue a submission (or a run of the examples)")
async def submit(slug: str, body: SubmissionIn, ctx: PathContext, runtime: RuntimeDep,
                 session: SessionDep, if_match: IfMatch = None) -> Accepted:
    version = ctx.view.version_for(slug)
    submission = await attempts.submit(session=session, ctx=ctx, version=version,
                                       files=dict(body.files), kind=body.kind, now=utcnow(),
                                       expected=_expected(body, if_match))
    runtime.wakeup.notify()
    return Accepted(id=submission.id, status=submission.status)


@router.get("/submissions/{submission_id}", name="api_submission_status",
            summary="A submission's status and, once graded, the candidate's view of it")
async def submission_status(submission_id: int, ctx: BearerContext,
                            session: SessionDep) -> dict[str, Any]:
    status = await submissions.get_status(session=session, submission_id=submission_id,
                                          attempt_id=ctx.require_started().id)
    return status.candidate_view()
