# WRONG: schedules the audit entry before checking the document exists and answers the 404 with a
# returned JSONResponse, to which FastAPI attaches the background tasks, so a failed DELETE is audited
# ('Reads (GET) and failed requests (404, 422) write nothing').
"""Documents API. Add an audit trail, written in the background (see the statement).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `AuditEntry`, `AuditLog`, `get_audit_log` and `get_now`: the grader replaces
`get_audit_log` with a fake audit service it can read, and `get_now` with a fixed clock.
"""

import asyncio
from datetime import UTC, datetime
from itertools import count
from typing import Annotated, Literal

from fastapi import BackgroundTasks, Depends, Header, FastAPI, HTTPException, status
from fastapi.responses import JSONResponse, Response
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


@app.post("/documents", status_code=status.HTTP_201_CREATED)
async def create_document(payload: DocumentCreate, audit_log: AuditLogDep, now: Now, tasks: BackgroundTasks, x_user: Annotated[str, Header()] = "anonymous") -> Document:
    document = Document(id=next(_document_ids), **payload.model_dump())
    DOCUMENTS[document.id] = document
    tasks.add_task(audit_log.write, AuditEntry(action="document.created", document_id=document.id, actor=x_user, at=now))
    return document


@app.get("/documents/{document_id}")
async def get_document(document_id: int) -> Document:
    document = DOCUMENTS.get(document_id)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    return document


@app.delete("/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_document(document_id: int, audit_log: AuditLogDep, now: Now, tasks: BackgroundTasks, x_user: Annotated[str, Header()] = "anonymous") -> Response:
    tasks.add_task(audit_log.write, AuditEntry(action="document.deleted", document_id=document_id, actor=x_user, at=now))
    if DOCUMENTS.pop(document_id, None) is None:
        return JSONResponse({"detail": "Document not found"}, status_code=status.HTTP_404_NOT_FOUND)
