# WRONG: GET /me uses the reader check, so nora (no roles) gets 403. Violates "GET /me | any authenticated user, even one with no roles".
"""Documents API protected with roles (HTTPBearer + require_roles factory).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Role`, `User`, `USERS`, `TOKENS` and the models as they are: the grader's tests use them.
"""

from collections.abc import Callable
from enum import StrEnum
from itertools import count
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
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


bearer = HTTPBearer(auto_error=False)


def get_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    username = TOKENS.get(credentials.credentials) if credentials else None
    if username is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return USERS[username]


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[User], User]:
    allowed = frozenset(roles)

    def check_roles(user: CurrentUser) -> User:
        if allowed.isdisjoint(user.roles):
            needed = ", ".join(sorted(allowed))
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"Requires one of the roles: {needed}")
        return user

    return check_roles


ReaderUser = Annotated[User, Depends(require_roles(Role.reader, Role.editor, Role.admin))]
EditorUser = Annotated[User, Depends(require_roles(Role.editor, Role.admin))]
AdminUser = Annotated[User, Depends(require_roles(Role.admin))]
AuditorUser = Annotated[User, Depends(require_roles(Role.auditor, Role.admin))]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/documents")
def list_documents(user: ReaderUser) -> list[Document]:
    return [DOCUMENTS[doc_id] for doc_id in sorted(DOCUMENTS)]


@app.get("/me")
def read_me(user: ReaderUser) -> User:
    return user


@app.post("/documents", status_code=status.HTTP_201_CREATED)
def create_document(payload: DocumentCreate, user: EditorUser) -> Document:
    document = Document(id=next(_next_document_id), author=user.username, **payload.model_dump())
    DOCUMENTS[document.id] = document
    AUDIT_LOG.append(AuditEvent(action="create", doc_id=document.id, username=user.username))
    return document


@app.delete("/documents/{doc_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_document(doc_id: int, user: AdminUser) -> Response:
    if DOCUMENTS.pop(doc_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    AUDIT_LOG.append(AuditEvent(action="delete", doc_id=doc_id, username=user.username))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@app.get("/audit")
def read_audit(user: AuditorUser) -> list[AuditEvent]:
    return list(AUDIT_LOG)
