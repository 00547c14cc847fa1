"""Demo data for `make run`: an assessment of three challenges (junior, mid, senior) with a
knowledge check, a fresh candidate link and the demo admin's sign-in, printed in the terminal
(development only)."""

from __future__ import annotations

import secrets

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.models import Assessment, User, utcnow
from app.runtime import Runtime
from app.services import accounts, assessments, invites
from app.services.accounts import Role

DEMO_ADMIN = "admin@crucible.local"
DEMO_TITLE = "Demo: FastAPI foundations"
DEMO_SLUGS = ("health-and-typed-path-params", "bearer-dependency-chain", "idempotency-keys")
DEMO_QUIZ = {"count": 10, "time_limit_min": 15, "draw": "fresh", "scoring": "partial"}


async def _demo_assessment(session: AsyncSession, runtime: Runtime) -> Assessment:
    """The demo assessment of the current library (a new one when a challenge changed)."""
    chosen = [runtime.library[s] for s in DEMO_SLUGS if s in runtime.library] or list(
        runtime.library.values())[:3]
    wanted = [(c.slug, c.version) for c in chosen]
    for existing in (await session.exec(select(Assessment).where(
            Assessment.title == DEMO_TITLE).order_by(Assessment.id.desc()))).all():
        view = await assessments.get_assessment(session=session, assessment_id=existing.id)
        if [(v.slug, v.version) for v in view.versions] == wanted:
            return existing
    return await assessments.create_assessment(
        session=session, title=DEMO_TITLE, challenges=chosen, time_limit_min=120,
        description="Three FastAPI challenges, junior to senior, and a knowledge check.",
        knowledge_check=DEMO_QUIZ)


async def seed_demo(runtime: Runtime, *, base_url: str) -> str:
    password = secrets.token_urlsafe(12)
    async with runtime.sessions() as session:
        admin = (await session.exec(select(User).where(User.email == DEMO_ADMIN))).first()
        if admin is None:
            admin = await accounts.create_user(session=session, email=DEMO_ADMIN,
                                               role=Role.ADMIN, password=password)
        else:
            await accounts.set_password(session=session, user=admin, password=password)
        assessment = await _demo_assessment(session, runtime)
        _, token = await invites.create_invite(
            session=session, assessment_id=assessment.id, candidate_name="Demo Candidate",
            candidate_email="candidate@crucible.local", now=utcnow(), created_by=admin.id)
    link = f"{base_url}/a/{token}"
    print(f"\n  Demo candidate link: {link}\n"
          f"  Staff sign-in:       {base_url}/login  {DEMO_ADMIN} / {password}\n"
          f"  Library: {len(runtime.library)} challenges at {base_url}/admin/challenges\n",
          flush=True)
    return link
