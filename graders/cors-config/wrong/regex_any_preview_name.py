# WRONG: `[^.]+` instead of digits: https://pr-abc.preview.example.com is allowed ('<number> is one or more digits')
"""Notes API for the browser front ends. Its CORS setup was copied from a blog post.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Settings` (its two fields) and `create_app(settings)`: the grader calls `create_app`.
"""

import itertools
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, FastAPI, HTTPException, Path, Response, status
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field


class Settings(BaseModel):
    cors_origins: list[str] = ["https://app.example.com", "https://admin.example.com"]
    cors_allow_credentials: bool = True


class Note(BaseModel):
    id: int
    text: str


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


NOTES: dict[int, Note] = {}
_note_ids = itertools.count(1)
router = APIRouter()
NoteId = Annotated[int, Path(ge=1)]


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/api/profile")
async def profile(response: Response) -> dict[str, str]:
    response.headers["X-Request-ID"] = uuid4().hex
    return {"name": "Ada Lovelace"}


@router.post("/api/notes", status_code=status.HTTP_201_CREATED)
async def create_note(payload: NoteIn) -> Note:
    note = Note(id=next(_note_ids), text=payload.text)
    NOTES[note.id] = note
    return note


def find(note_id: int) -> Note:
    if note_id not in NOTES:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Note not found")
    return NOTES[note_id]


@router.patch("/api/notes/{note_id}")
async def update_note(note_id: NoteId, payload: NoteIn) -> Note:
    note = find(note_id)
    note.text = payload.text
    return note


@router.delete("/api/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_note(note_id: NoteId) -> None:
    del NOTES[find(note_id).id]


PREVIEW_ORIGIN_REGEX = r"https://pr-[^.]+\.preview\.example\.com"
ALLOWED_METHODS = ["GET", "POST", "PATCH", "DELETE"]
ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-ID"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    if settings.cors_allow_credentials and "*" in settings.cors_origins:
        raise ValueError("CORS: '*' origins cannot be combined with credentials")
    app = FastAPI(title="Notes")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=PREVIEW_ORIGIN_REGEX,
        allow_credentials=settings.cors_allow_credentials,
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=["X-Request-ID"],
        max_age=600,
    )
    app.include_router(router)
    return app


app = create_app()
