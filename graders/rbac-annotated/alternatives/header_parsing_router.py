"""Documents API protected with roles (manual header parsing, async, APIRouter).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Role`, `User`, `USERS`, `TOKENS` and the models as they are: the grader's tests use them.
"""

from enum import StrEnum
from itertools import count
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Response, status
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


class NotAuthenticated(HTTPException):
    def __init__(self, why: str) -> None:
        super().__init__(
            status.HTTP_401_UNAUTHORIZED, detail=why, headers={"WWW-Authenticate": 'Bearer realm="documents"'}
        )


async def get_current_user(authorization: Annotated[str | None, Header()] = None) -> User:
    if not authorization:
        raise NotAuthenticated("Missing Authorization header")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Expected a Bearer token")
    username = TOKENS.get(token.strip())
    if username is None:
        raise NotAuthenticated("Unknown token")
    return USERS[username]


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: Role):
    """Factory: returns a new dependency that lets through users holding any of `roles`."""

    async def dependency(user: CurrentUser) -> User:
        if any(role in user.roles for role in roles):
            return user
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="Forbidden: this needs the role " + " or ".join(r.value for r in roles),
        )

    dependency.__name__ = "require_" + "_or_".join(r.value for r in roles)
    return dependency


ReaderUser = Annotated[User, Depends(require_roles(Role.reader, Role.editor, Role.admin))]
EditorUser = Annotated[User, Depends(require_roles(Role.editor, Role.admin))]
AdminUser = Annotated[User, Depends(require_roles(Role.admin))]
AuditorUser = Annotated[User, Depends(require_roles(Role.auditor, Role.admin))]


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/me", response_model=User)
async def read_me(user: CurrentUser):
    return user


documents = APIRouter(prefix="/documents", tags=["documents"])


@documents.get("", response_model=list[Document])
async def list_documents(_: ReaderUser):
    return sorted(DOCUMENTS.values(), key=lambda d: d.id)


@documents.post("", status_code=status.HTTP_201_CREATED, response_model=Document)
async def create_document(payload: DocumentCreate, user: EditorUser):
    doc = Document(id=next(_next_document_id), title=payload.title, body=payload.body, author=user.username)
    DOCUMENTS[doc.id] = doc
    AUDIT_LOG.append(AuditEvent(action="create", doc_id=doc.id, username=user.username))
    return doc


@documents.delete("/{doc_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_document(doc_id: int, admin: AdminUser) -> None:
    if doc_id not in DOCUMENTS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    del DOCUMENTS[doc_id]
    AUDIT_LOG.append(AuditEvent(action="delete", doc_id=doc_id, username=admin.username))


app.include_router(documents)


@app.get("/audit", response_model=list[AuditEvent])
async def read_audit(_: AuditorUser):
    return AUDIT_LOG
