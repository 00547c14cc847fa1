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


# Style: an UploadValidator class with a custom exception (status + detail) turned into a
# response by an exception handler, incremental hashing with hashlib while streaming into a
# bytearray, a regex for the base name, APIRouter, and a dataclass for validated uploads.
import re
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


class UploadRejected(Exception):
    def __init__(self, status_code: int, detail: str) -> None:
        self.status_code, self.detail = status_code, detail


@app.exception_handler(UploadRejected)
async def upload_rejected(request: Request, exc: UploadRejected) -> JSONResponse:
    return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail})


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    data: bytes
    digest: str


class UploadValidator:
    def __init__(self, max_bytes: int, signatures: dict[str, bytes], chunk_size: int = 64 * 1024):
        self.max_bytes = max_bytes
        self.signatures = signatures
        self.chunk_size = chunk_size

    @staticmethod
    def clean_name(raw: str | None) -> str:
        name = re.split(r"[\\/]", raw or "")[-1]
        return name or "upload"

    async def check(self, upload: UploadFile) -> Checked:
        ctype = upload.content_type
        if ctype not in self.signatures:
            raise UploadRejected(415, "Only PNG, JPEG and PDF files are accepted")
        buf = bytearray()
        digest = hashlib.sha256()
        await upload.seek(0)
        while True:
            chunk = await upload.read(self.chunk_size)
            if not chunk:
                break
            if len(buf) + len(chunk) > self.max_bytes:
                raise UploadRejected(413, f"Files are limited to {self.max_bytes} bytes")
            buf += chunk
            digest.update(chunk)
        if len(buf) == 0:
            raise UploadRejected(400, "The file is empty")
        if bytes(buf[: len(self.signatures[ctype])]) != self.signatures[ctype]:
            raise UploadRejected(415, "The file's content is not of its declared type")
        return Checked(self.clean_name(upload.filename), ctype, bytes(buf), digest.hexdigest())


validator = UploadValidator(MAX_FILE_BYTES, SIGNATURES)
router = APIRouter(prefix="/documents")


def store(checked: Checked) -> Document:
    doc = Document(id=str(uuid4()), filename=checked.filename, content_type=checked.content_type,
                   size=len(checked.data), sha256=checked.digest)
    DOCUMENTS[doc.id] = (doc, checked.data)
    return doc


@router.post("", status_code=201, response_model=Document)
async def upload_document(file: UploadFile = File(...)):
    return store(await validator.check(file))


@router.post("/batch", status_code=201, response_model=list[Document])
async def upload_batch(files: list[UploadFile] = File(...)):
    if len(files) > MAX_BATCH_FILES:
        raise UploadRejected(400, f"A batch holds at most {MAX_BATCH_FILES} files")
    checked = []
    for upload in files:
        checked.append(await validator.check(upload))
    return [store(c) for c in checked]


app.include_router(router)


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
