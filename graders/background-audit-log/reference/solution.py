"""Documents API with an audit trail written in the background (reference solution)."""

import asyncio
from datetime import UTC, datetime
from itertools import count
from typing import Annotated, Literal

from fastapi import BackgroundTasks, Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="Documents")


class DocumentCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = ""


class Document(DocumentCreate):
    id: int


class AuditEntry(BaseModel):
    action: Literal["document.created", "document.deleted"]
    document_id: int
    actor: str
    at: datetime


class AuditLog:
    """Client of the audit service. Slow: never make a client wait for it."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def write(self, entry: AuditEntry) -> None:
        await asyncio.sleep(0.05)  # a network round trip to the audit service
        self.entries.append(entry)


DOCUMENTS: dict[int, Document] = {}
_document_ids = count(1)
_audit_log = AuditLog()


def get_audit_log() -> AuditLog:
    return _audit_log


def get_now() -> datetime:
    return datetime.now(UTC)


AuditLogDep = Annotated[AuditLog, Depends(get_audit_log)]
Now = Annotated[datetime, Depends(get_now)]
Actor = Annotated[str, Header(alias="X-User")]


def audit(
    tasks: BackgroundTasks,
    audit_log: AuditLog,
    action: Literal["document.created", "document.deleted"],
    document_id: int,
    actor: str,
    at: datetime,
) -> None:
    """Queue the audit write; it runs after the response has been sent."""
    entry = AuditEntry(action=action, document_id=document_id, actor=actor, at=at)
    tasks.add_task(audit_log.write, entry)


@app.post("/documents", status_code=status.HTTP_201_CREATED)
async def create_document(
    payload: DocumentCreate,
    tasks: BackgroundTasks,
    audit_log: AuditLogDep,
    now: Now,
    actor: Actor = "anonymous",
) -> Document:
    document = Document(id=next(_document_ids), **payload.model_dump())
    DOCUMENTS[document.id] = document
    audit(tasks, audit_log, "document.created", document.id, actor, now)
    return document


@app.get("/documents/{document_id}")
async def get_document(document_id: int) -> Document:
    document = DOCUMENTS.get(document_id)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    return document


@app.delete("/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_document(
    document_id: int,
    tasks: BackgroundTasks,
    audit_log: AuditLogDep,
    now: Now,
    actor: Actor = "anonymous",
) -> None:
    if DOCUMENTS.pop(document_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    audit(tasks, audit_log, "document.deleted", document_id, actor, now)
