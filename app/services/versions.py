"""Challenge versions in the database: a frozen copy of what grading a version needs."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.grading.contract import GradeRequest
from app.library.loader import Challenge, build_request
from app.models import ChallengeVersion


def request_for(version: ChallengeVersion, files: dict[str, str], *,
                examples: bool = False) -> GradeRequest:
    return build_request(version.slug, version.version, version.content, files,
                         examples=examples)


async def ensure_version(*, session: AsyncSession, challenge: Challenge,
                         commit: bool = True) -> ChallengeVersion:
    """The row for the challenge's current content, created the first time it is seen."""
    found = (await session.exec(select(ChallengeVersion).where(
        ChallengeVersion.slug == challenge.slug,
        ChallengeVersion.version == challenge.version))).first()
    if found is not None:
        return found
    row = ChallengeVersion(slug=challenge.slug, version=challenge.version,
                           title=challenge.meta.title, difficulty=challenge.meta.difficulty,
                           content=challenge.content)
    session.add(row)
    if commit:
        await session.commit()
        await session.refresh(row)
    else:
        await session.flush()
    return row


async def sync_library(*, session: AsyncSession, library: dict[str, Challenge]) -> None:
    for challenge in library.values():
        await ensure_version(session=session, challenge=challenge)
