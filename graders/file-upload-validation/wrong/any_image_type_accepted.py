# WRONG: accepts any image/* type (prefix check); violates "the declared content type is one of image/png, image/jpeg, application/pdf"
"""Documents API. Uploads work, but nothing is checked: any type, any size, any file name.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
"""

import hashlib
from typing import Annotated
from uuid import uuid4

from fastapi import FastAPI, File, HTTPException, Response, UploadFile, status
from pydantic import BaseModel

app = FastAPI(title="Documents")

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB per file
MAX_BATCH_FILES = 5

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


# In-memory storage for this process: document id -> (metadata, bytes).
DOCUMENTS: dict[str, tuple[Document, bytes]] = {}


import ntpath

CHUNK = 64 * 1024


async def read_validated(file: UploadFile) -> tuple[Document, bytes]:
    """Check one upload against every rule; raise HTTPException, store nothing."""
    declared = file.content_type or ""
    if not (declared.startswith("image/") or declared == "application/pdf"):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=f"Unsupported type {declared!r}")
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail="File larger than 1 MiB")
        chunks.append(chunk)
    content = b"".join(chunks)
    if not content:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="Empty file")
    if declared in SIGNATURES and not content.startswith(SIGNATURES[declared]):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail="Content does not match its type")
    name = ntpath.basename(file.filename or "") or "upload"
    document = Document(
        id=uuid4().hex,
        filename=name,
        content_type=declared,
        size=size,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return document, content


@app.post("/documents", status_code=status.HTTP_201_CREATED)
async def upload_document(file: Annotated[UploadFile, File()]) -> Document:
    document, content = await read_validated(file)
    DOCUMENTS[document.id] = (document, content)
    return document


@app.post("/documents/batch", status_code=status.HTTP_201_CREATED)
async def upload_batch(files: Annotated[list[UploadFile], File()]) -> list[Document]:
    if len(files) > MAX_BATCH_FILES:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="At most 5 files per batch")
    validated = [await read_validated(f) for f in files]  # raises before anything is stored
    for document, content in validated:
        DOCUMENTS[document.id] = (document, content)
    return [document for document, _ in validated]


@app.get("/documents")
async def list_documents() -> list[Document]:
    return [document for document, _ in DOCUMENTS.values()]


@app.get("/documents/{document_id}")
async def get_document(document_id: str) -> Document:
    if document_id not in DOCUMENTS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    return DOCUMENTS[document_id][0]


@app.get("/documents/{document_id}/content")
async def get_content(document_id: str) -> Response:
    if document_id not in DOCUMENTS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Document not found")
    document, content = DOCUMENTS[document_id]
    return Response(content=content, media_type=document.content_type)
