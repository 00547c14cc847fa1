"""Staff pages of the challenge library: `/admin/challenges` (admins and interviewers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.deps import RuntimeDep
from app.security import StaffUser, csrf_token
from app.services import catalog
from app.templating import render

router = APIRouter(prefix="/admin/challenges", tags=["library"], include_in_schema=False)
# Empty values are what the filter form sends for "all", so they are valid here.
Level = Annotated[str, Query(pattern=r"^(|junior|mid|senior)$")]
TopicNumber = Annotated[str, Query(pattern=r"^(|[1-9]|[1-6][0-9]|7[0-3])$",
                                   description="A topic of the seed-notes map, 1-73")]


@router.get("", name="admin_challenges")
async def challenges(request: Request, user: StaffUser, runtime: RuntimeDep, level: Level = "",
                     topic: TopicNumber = "") -> Response:
    root = runtime.settings.library_root
    await runtime.current_library()
    number = int(topic) if topic else None
    entries = catalog.browse(library=runtime.library, root=root, level=level, topic=number)
    return render(request, "admin/challenges.html", {
        "user": user, "csrf": csrf_token(request), "entries": entries, "level": level,
        "topic": number, "levels": catalog.LEVELS, "total": len(runtime.library),
        "topics": catalog.topics_in_use(runtime.library), "broken": runtime.broken})


@router.get("/{slug}", name="admin_challenge")
async def challenge(request: Request, slug: str, user: StaffUser,
                    runtime: RuntimeDep) -> Response:
    library = await runtime.current_library()
    found = catalog.detail(library=library, root=runtime.settings.library_root, slug=slug)
    return render(request, "admin/challenge.html", {
        "user": user, "csrf": csrf_token(request), "d": found, "c": found.entry.challenge})
