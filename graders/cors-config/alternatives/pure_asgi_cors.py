"""Notes API for the browser front ends. Its CORS setup was copied from a blog post.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `Settings` (its two fields) and `create_app(settings)`: the grader calls `create_app`.
"""

import itertools
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, FastAPI, HTTPException, Path, Response, status
import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
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


class StrictCORS:
    """A hand-written pure ASGI CORS middleware (no CORSMiddleware)."""

    SAFELISTED = {"accept", "accept-language", "content-language", "content-type"}

    def __init__(
        self,
        app: ASGIApp,
        *,
        origins: list[str],
        origin_pattern: re.Pattern[str] | None,
        credentials: bool,
        methods: list[str],
        headers: list[str],
        expose: list[str],
        max_age: int,
    ) -> None:
        self.app = app
        self.any_origin = "*" in origins
        self.origins = frozenset(origins)
        self.origin_pattern = origin_pattern
        self.credentials = credentials
        self.methods = list(methods)
        self.headers = [h.lower() for h in headers]
        self.expose = expose
        self.max_age = max_age

    def allowed(self, origin: str) -> bool:
        if self.any_origin or origin in self.origins:
            return True
        return self.origin_pattern is not None and self.origin_pattern.fullmatch(origin) is not None

    def allow_origin_value(self, origin: str) -> str:
        return "*" if self.any_origin and not self.credentials else origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        origin = request_headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in request_headers:
            await self.preflight(origin, request_headers)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if self.allowed(origin):
                    out["Access-Control-Allow-Origin"] = self.allow_origin_value(origin)
                    if self.credentials:
                        out["Access-Control-Allow-Credentials"] = "true"
                    if self.expose:
                        out["Access-Control-Expose-Headers"] = ", ".join(self.expose)
                out.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def preflight(self, origin: str, request_headers: Headers) -> PlainTextResponse:
        method = request_headers["access-control-request-method"]
        requested = [
            h.strip().lower()
            for h in request_headers.get("access-control-request-headers", "").split(",")
            if h.strip()
        ]
        ok = (
            self.allowed(origin)
            and method in self.methods
            and all(h in self.headers or h in self.SAFELISTED for h in requested)
        )
        headers = {"Vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}
        if not ok:
            return PlainTextResponse("Disallowed CORS request", status_code=400, headers=headers)
        headers.update(
            {
                "Access-Control-Allow-Origin": self.allow_origin_value(origin),
                "Access-Control-Allow-Methods": ", ".join(self.methods),
                "Access-Control-Allow-Headers": ", ".join(self.headers),
                "Access-Control-Max-Age": str(self.max_age),
            }
        )
        if self.credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        return PlainTextResponse("OK", status_code=200, headers=headers)


PREVIEW = re.compile(r"https://pr-[0-9]+\.preview\.example\.com")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    if settings.cors_allow_credentials and any(o.strip() == "*" for o in settings.cors_origins):
        raise ValueError("refusing to start: wildcard CORS origin with credentials")
    app = FastAPI(title="Notes")
    app.add_middleware(
        StrictCORS,
        origins=settings.cors_origins,
        origin_pattern=PREVIEW,
        credentials=settings.cors_allow_credentials,
        methods=["GET", "POST", "PATCH", "DELETE"],
        headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose=["X-Request-ID"],
        max_age=600,
    )
    app.include_router(router)
    return app


app = create_app()
