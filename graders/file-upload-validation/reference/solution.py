"""Document uploads with size, type and signature checks (reference solution)."""

import hashlib
import ntpath
from typing import Annotated
from uuid import uuid4

from fastapi import FastAPI, File, HTTPException, Response, UploadFile, status
from pydantic import BaseModel

app = FastAPI(title="Documents")

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB per file
MAX_BATCH_FILES = 5
CHUNK_BYTES = 64 * 1024

# Allowed content types and the first bytes ("magic number") every such file starts with.
SIGNATURES: dict[str, bytes] = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
    "application/pdf": b"%PDF-",
}


class Document(BaseModel):
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str


class StoredDocument(Document):
    content: bytes


DOCUMENTS: dict[str, StoredDocument] = {}


def safe_filename(raw: str | None) -> str:
    """The base name only: no directories, whichever separator the client used."""
    name = ntpath.basename(raw or "").strip()
    return name or "upload"


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    """Read at most `limit` bytes in chunks; 413 as soon as the file is larger."""
    data = bytearray()
    while chunk := await upload.read(CHUNK_BYTES):
        data += chunk
        if len(data) > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                detail=f"{upload.filename!r} is larger than {limit} bytes",
            )
    return bytes(data)


async def validate(upload: UploadFile) -> StoredDocument:
    """Check one upload (type, size, emptiness, signature) without storing it."""
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    signature = SIGNATURES.get(content_type)
    if signature is None:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=f"Unsupported content type {upload.content_type!r}",
        )
    content = await read_limited(upload, MAX_FILE_BYTES)
    if not content:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=f"{upload.filename!r} is empty")
    if not content.startswith(signature):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=f"{upload.filename!r} is not a valid {content_type} file",
        )
    return StoredDocument(
        id=uuid4().hex,
        filename=safe_filename(upload.filename),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def public(document: StoredDocument) -> Document:
    return Document.model_validate(document.model_dump(exclude={"content"}))


@app.post("/documents", status_code=status.HTTP_201_CREATED)
async def upload_document(file: Annotated[UploadFile, File()]) -> Document:
    document = await validate(file)
    DOCUMENTS[document.id] = document
    return public(document)


@app.post("/documents/batch", status_code=status.HTTP_201_CREATED)
async def upload_batch(files: Annotated[list[UploadFile], File()]) -> list[Document]:
    """All or nothing: every file is validated before any is stored."""
    if len(files) > MAX_BATCH_FILES:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail=f"At most {MAX_BATCH_FILES} files per batch"
        )
    documents = [await validate(upload) for upload in files]
    DOCUMENTS.update((document.id, document) for document in documents)
    return [public(document) for document in documents]


@app.get("/documents")
async def list_documents() -> list[Document]:
    return [public(document) for document in DOCUMENTS.values()]


def find(document_id: str) -> StoredDocument:
    document = DOCUMENTS.get(document_id)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    return document


@app.get("/documents/{document_id}")
async def get_document(document_id: str) -> Document:
    return public(find(document_id))


@app.get("/documents/{document_id}/content")
async def get_content(document_id: str) -> Response:
    document = find(document_id)
    return Response(content=document.content, media_type=document.content_type)
