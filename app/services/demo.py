"""Demo data for `make run`: a candidate attempt whose link is printed once."""

from __future__ import annotations

from app.runtime import Runtime
from app.services.attempts import create_attempt


async def seed_demo(runtime: Runtime, *, base_url: str) -> str:
    async with runtime.sessions() as session:
        _, token = await create_attempt(session=session, candidate_name="Demo Candidate")
    link = f"{base_url}/a/{token}"
    print(f"\n  Demo candidate link: {link}\n  Challenges: "
          f"{', '.join(runtime.library)}\n", flush=True)
    return link
