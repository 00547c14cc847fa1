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


@app.post("/documents", status_code=status.HTTP_201_CREATED)
async def upload_document(file: Annotated[UploadFile, File()]) -> Document:
    # TODO: validate type, size and content, and clean the file name (see the statement).
    content = await file.read()
    document = Document(
        id=uuid4().hex,
        filename=file.filename or "upload",
        content_type=file.content_type or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    DOCUMENTS[document.id] = (document, content)
    return document


# TODO: POST /documents/batch


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
