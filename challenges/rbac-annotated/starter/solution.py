"""Documents API: protect it with roles.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Role`, `User`, `USERS`, `TOKENS` and the models as they are: the grader's tests use them.
"""

from enum import StrEnum
from itertools import count

from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="Documents")


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    auditor = "auditor"
    admin = "admin"


class User(BaseModel):
    username: str
    roles: list[Role]


USERS: dict[str, User] = {
    "alice": User(username="alice", roles=[Role.admin]),
    "erin": User(username="erin", roles=[Role.editor]),
    "rita": User(username="rita", roles=[Role.reader]),
    "aaron": User(username="aaron", roles=[Role.auditor, Role.reader]),
    "nora": User(username="nora", roles=[]),
}

# Opaque bearer tokens -> username.
TOKENS: dict[str, str] = {
    "tok_alice_5b2e": "alice",
    "tok_erin_7c41": "erin",
    "tok_rita_0d9a": "rita",
    "tok_aaron_e3f8": "aaron",
    "tok_nora_91b6": "nora",
}


class DocumentCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(max_length=10_000)


class Document(DocumentCreate):
    id: int
    author: str


class AuditEvent(BaseModel):
    action: str
    doc_id: int
    username: str


DOCUMENTS: dict[int, Document] = {
    1: Document(id=1, title="Welcome", body="Read me first.", author="alice"),
    2: Document(id=2, title="Style guide", body="Short sentences.", author="erin"),
}
AUDIT_LOG: list[AuditEvent] = []
_next_document_id = count(3)


# TODO: get_current_user (401), the require_roles(*roles) factory (403) and Annotated aliases.


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/documents")
def list_documents() -> list[Document]:
    # TODO: readers, editors and admins only.
    return [DOCUMENTS[doc_id] for doc_id in sorted(DOCUMENTS)]


@app.get("/me")
def read_me() -> User:
    # TODO: return the authenticated caller.
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


# TODO: POST /documents, DELETE /documents/{doc_id} and GET /audit (see the statement).
