"""Staff pages of the question bank: `/admin/quizzes` (browse, item analysis; admins edit,
import and export)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from app.deps import SessionDep
from app.errors import DomainError
from app.library.topics import topic_map
from app.models import User
from app.security import AdminUser, CsrfChecked, StaffUser, csrf_token
from app.services import audit, questions, quiz_catalog
from app.templating import render
from app.web.library import Level, TopicNumber

router = APIRouter(prefix="/admin/quizzes", tags=["quizzes"], include_in_schema=False)
MAX_IMPORT_BYTES = 1_000_000
BANK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@router.get("", name="admin_quizzes")
async def bank(request: Request, user: StaffUser, session: SessionDep, level: Level = "",
               topic: TopicNumber = "", q: Annotated[str, Query(max_length=100)] = "",
               flagged: Annotated[bool, Query()] = False) -> Response:
    rows = await quiz_catalog.browse(session=session, topic=int(topic) if topic else None,
                                     difficulty=level, text=q.strip(), flagged=flagged)
    return render(request, "admin/quizzes.html", {
        "user": user, "csrf": csrf_token(request), "rows": rows, "level": level,
        "topic": int(topic) if topic else None, "q": q, "flagged": flagged,
        "topics": topic_map().values(),
        "lint": await quiz_catalog.test_wiseness(session=session)})


@router.get("/export", name="admin_export_quizzes")
async def export(user: AdminUser, session: SessionDep) -> Response:
    rows = list((await questions.current_versions(session=session)).values())
    return Response(questions.export_toml(rows), media_type="application/toml",
                    headers={"Content-Disposition": 'attachment; filename="questions.toml"'})


async def _import_page(request: Request, user: User, *, message: str = "", error: str = "",
                       status_code: int = 200) -> Response:
    return render(request, "admin/quizzes_import.html", {
        "user": user, "csrf": csrf_token(request), "message": message, "error": error},
        status_code=status_code)


@router.get("/import", name="admin_import_quizzes_form")
async def import_form(request: Request, user: AdminUser) -> Response:
    return await _import_page(request, user)


@router.post("/import", name="admin_import_quizzes", dependencies=[CsrfChecked])
async def import_bank(request: Request, user: AdminUser, session: SessionDep,
                      file: UploadFile, bank: Annotated[str, Form()] = "imported") -> Response:
    try:
        if not BANK_NAME.match(bank):
            raise DomainError("the bank name is lower-case letters, digits and dashes")
        data = await file.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise DomainError("the file is larger than 1 MB")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError("the file is not UTF-8 text") from None
        created, unchanged = await questions.import_toml(session=session, text=text, bank=bank,
                                                          user_id=user.id)
        await audit.record(session=session, action="questions_imported", actor=user,
                           target=f"bank {bank}",
                           detail={"new_versions": created, "unchanged": unchanged})
    except DomainError as exc:
        return await _import_page(request, user, error=exc.message,
                                  status_code=exc.status_code)
    return await _import_page(request, user, message=(
        f"{created} new or changed question versions imported; {unchanged} unchanged."))


async def _question_page(request: Request, user: User, session: SessionDep, qid: str, *,
                         text: str | None = None, error: str = "",
                         status_code: int = 200) -> Response:
    found = await quiz_catalog.detail(session=session, qid=qid)
    return render(request, "admin/quiz.html", {
        "user": user, "csrf": csrf_token(request), "d": found, "error": error,
        "text": found.toml if text is None else text}, status_code=status_code)


@router.get("/{qid}", name="admin_quiz")
async def question(request: Request, qid: str, user: StaffUser, session: SessionDep) -> Response:
    return await _question_page(request, user, session, qid)


@router.post("/{qid}", name="admin_edit_quiz", dependencies=[CsrfChecked])
async def edit_question(request: Request, qid: str, user: AdminUser, session: SessionDep,
                        text: Annotated[str, Form(max_length=50_000)]) -> Response:
    try:
        saved = await questions.save_edit(session=session, qid=qid, text=text,
                                          user_id=user.id)
        await audit.record(session=session, action="question_edited", actor=user,
                           target=f"question {qid}", detail={"version": saved.version})
    except DomainError as exc:  # the edit comes back as typed, with the reason
        if exc.status_code == 404:
            raise
        return await _question_page(request, user, session, qid, text=text,
                                    error=exc.message, status_code=exc.status_code)
    return RedirectResponse(request.app.url_path_for("admin_quiz", qid=qid), status_code=303)
