"""The JSON API (v1): the same services as the pages, bearer tokens for staff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import SessionDep
from app.security import ApiUser
from app.services import review

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
