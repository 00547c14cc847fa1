"""Documents API with an audit trail: APIRouter + a class-based auditor dependency."""

import asyncio
from datetime import UTC, datetime
from itertools import count
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="Documents")
router = APIRouter(prefix="/documents", tags=["documents"])


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
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def write(self, entry: AuditEntry) -> None:
        await asyncio.sleep(0.05)
        self.entries.append(entry)


DOCUMENTS: dict[int, Document] = {}
_document_ids = count(1)
_audit_log = AuditLog()


def get_audit_log() -> AuditLog:
    return _audit_log


def get_now() -> datetime:
    return datetime.now(UTC)


class Auditor:
    """Collects who/when for the request and schedules entries after the response."""

    def __init__(
        self,
        tasks: BackgroundTasks,
        audit_log: Annotated[AuditLog, Depends(get_audit_log)],
        now: Annotated[datetime, Depends(get_now)],
        x_user: Annotated[str, Header()] = "anonymous",
    ) -> None:
        self.tasks = tasks
        self.audit_log = audit_log
        self.now = now
        self.actor = x_user

    def record(self, action: str, document_id: int) -> None:
        entry = AuditEntry(action=action, document_id=document_id, actor=self.actor, at=self.now)
        self.tasks.add_task(self.audit_log.write, entry)


AuditorDep = Annotated[Auditor, Depends()]


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_document(payload: DocumentCreate, auditor: AuditorDep) -> Document:
    document = Document(id=next(_document_ids), **payload.model_dump())
    DOCUMENTS[document.id] = document
    auditor.record("document.created", document.id)
    return document


@router.get("/{document_id}")
async def get_document(document_id: int) -> Document:
    document = DOCUMENTS.get(document_id)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    return document


@router.delete("/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_document(document_id: int, auditor: AuditorDep) -> None:
    if DOCUMENTS.pop(document_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    auditor.record("document.deleted", document_id)


app.include_router(router)
