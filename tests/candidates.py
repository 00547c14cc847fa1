"""Test helpers: an assessment with an invite, and a candidate who has pressed Start."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup

from app.models import utcnow
from app.runtime import Runtime
from app.services import assessments, invites


async def invite_link(runtime: Runtime, *, slugs: list[str] | None = None,
                      time_limit_min: int = 60, max_submissions: int = 10,
                      scoring: str = "best", extra_minutes: int = 0,
                      name: str = "Ada",
                      knowledge_check: dict[str, object] | None = None) -> str:
    """A fresh assessment (all of the library unless `slugs`) and a link for one candidate."""
    chosen = [runtime.library[s] for s in slugs] if slugs else list(runtime.library.values())
    async with runtime.sessions() as session:
        assessment = await assessments.create_assessment(
            session=session, title="Backend interview", challenges=chosen,
            time_limit_min=time_limit_min, max_submissions=max_submissions, scoring=scoring,
            knowledge_check=knowledge_check)
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment.id, candidate_name=name,
            candidate_email=f"{name.lower()}@example.com", now=utcnow(),
            extra_minutes=extra_minutes)
    return f"/a/{token}"


def soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def csrf_in(page: BeautifulSoup) -> str:
    return page.find("input", {"name": "csrf"})["value"]


async def press_start(client: httpx.AsyncClient, link: str) -> httpx.Response:
    welcome = soup(await client.get(link))
    return await client.post(f"{link}/start", data={"csrf": csrf_in(welcome)})
