"""Demo data for `make run`: a candidate link and a staff sign-in, printed in the terminal."""

from __future__ import annotations

import secrets

from sqlmodel import select

from app.models import User
from app.runtime import Runtime
from app.services import accounts
from app.services.accounts import Role
from app.services.attempts import create_attempt

DEMO_ADMIN = "admin@crucible.local"


async def seed_demo(runtime: Runtime, *, base_url: str) -> str:
    """A fresh demo attempt, and the demo admin with a new password (development only)."""
    password = secrets.token_urlsafe(12)
    async with runtime.sessions() as session:
        _, token = await create_attempt(session=session, candidate_name="Demo Candidate")
        admin = (await session.exec(select(User).where(User.email == DEMO_ADMIN))).first()
        if admin is None:
            await accounts.create_user(session=session, email=DEMO_ADMIN, role=Role.ADMIN,
                                       password=password)
        else:
            await accounts.set_password(session=session, user=admin, password=password)
    link = f"{base_url}/a/{token}"
    print(f"\n  Demo candidate link: {link}\n"
          f"  Staff sign-in:       {base_url}/login  {DEMO_ADMIN} / {password}\n"
          f"  Challenges: {', '.join(runtime.library)}\n", flush=True)
    return link
