"""Demo data for `make run`: an assessment of the whole library, a fresh candidate link and
the demo admin's sign-in, printed in the terminal (development only)."""

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


async def _demo_assessment(session: AsyncSession, runtime: Runtime) -> Assessment:
    """The demo assessment of the current library (a new one when a challenge changed)."""
    wanted = [(c.slug, c.version) for c in runtime.library.values()]
    for existing in (await session.exec(select(Assessment).where(
            Assessment.title == DEMO_TITLE).order_by(Assessment.id.desc()))).all():
        view = await assessments.get_assessment(session=session, assessment_id=existing.id)
        if [(v.slug, v.version) for v in view.versions] == wanted:
            return existing
    return await assessments.create_assessment(
        session=session, title=DEMO_TITLE, challenges=list(runtime.library.values()),
        time_limit_min=90, description="Three FastAPI challenges, junior to senior.")


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
          f"  Challenges: {', '.join(runtime.library)}\n", flush=True)
    return link
