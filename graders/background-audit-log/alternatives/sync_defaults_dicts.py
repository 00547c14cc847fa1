"""Documents API with an audit trail: plain def routes, default-value Depends style, dict store."""

import asyncio
import threading
from datetime import UTC, datetime
from typing import Literal

from fastapi import BackgroundTasks, Depends, FastAPI, Header, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI(title="Documents")


class DocumentCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = ""


class AuditEntry(BaseModel):
    action: Literal["document.created", "document.deleted"]
    document_id: int
    actor: str
    at: datetime


class AuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def write(self, entry: AuditEntry) -> None:
        await asyncio.sleep(0.05)
        self.entries.append(entry)


_lock = threading.Lock()
_docs: dict[int, dict] = {}
_last_id = 0
_audit_log = AuditLog()


def get_audit_log() -> AuditLog:
    return _audit_log


def get_now() -> datetime:
    return datetime.now(UTC)


def not_found() -> JSONResponse:
    return JSONResponse({"detail": "Document not found"}, status_code=404)


@app.post("/documents", status_code=201)
def create_document(
    payload: DocumentCreate,
    background_tasks: BackgroundTasks,
    audit_log: AuditLog = Depends(get_audit_log),
    now: datetime = Depends(get_now),
    x_user: str | None = Header(default=None),
):
    global _last_id
    with _lock:
        _last_id += 1
        doc = {"id": _last_id, "title": payload.title, "body": payload.body}
        _docs[_last_id] = doc
    background_tasks.add_task(
        audit_log.write,
        AuditEntry(action="document.created", document_id=doc["id"], actor=x_user or "anonymous", at=now),
    )
    return doc


@app.get("/documents/{document_id}")
def get_document(document_id: int):
    doc = _docs.get(document_id)
    return doc if doc is not None else not_found()


@app.delete("/documents/{document_id}", status_code=204)
def delete_document(
    document_id: int,
    background_tasks: BackgroundTasks,
    audit_log: AuditLog = Depends(get_audit_log),
    now: datetime = Depends(get_now),
    x_user: str | None = Header(default=None),
):
    with _lock:
        doc = _docs.pop(document_id, None)
    if doc is None:
        return not_found()
    background_tasks.add_task(
        audit_log.write,
        AuditEntry(action="document.deleted", document_id=document_id, actor=x_user or "anonymous", at=now),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT, background=None)
