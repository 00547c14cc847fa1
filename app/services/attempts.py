"""Candidate attempts reached through a secret link; only the token's hash is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.models import Attempt, ChallengeVersion, Submission


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_attempt(*, session: AsyncSession, candidate_name: str) -> tuple[Attempt, str]:
    """A new attempt and its link token (shown once; the database keeps only its hash)."""
    token = secrets.token_urlsafe(24)
    attempt = Attempt(token_hash=hash_token(token), candidate_name=candidate_name)
    session.add(attempt)
    await session.commit()
    await session.refresh(attempt)
    return attempt, token


async def attempt_by_token(*, session: AsyncSession, token: str) -> Attempt:
    if not 16 <= len(token) <= 128:
        raise NotFound("this link is not valid")
    attempt = (await session.exec(select(Attempt).where(
        Attempt.token_hash == hash_token(token)))).first()
    if attempt is None:
        raise NotFound("this link is not valid")
    return attempt


def csrf_token(secret: str, attempt: Attempt) -> str:
    return hmac.new(secret.encode(), f"csrf:{attempt.token_hash}".encode(),
                    hashlib.sha256).hexdigest()


def csrf_ok(secret: str, attempt: Attempt, presented: str) -> bool:
    return hmac.compare_digest(csrf_token(secret, attempt), presented)


async def latest_submissions(*, session: AsyncSession, attempt_id: int,
                             kind: str = "submit") -> dict[str, Submission]:
    """The newest submission of the attempt per challenge slug."""
    rows = (await session.exec(
        select(ChallengeVersion.slug, Submission)
        .join(ChallengeVersion, ChallengeVersion.id == Submission.challenge_version_id)
        .where(Submission.attempt_id == attempt_id, Submission.kind == kind)
        .order_by(Submission.id))).all()
    return {slug: submission for slug, submission in rows}
