"""Database tables. One family per entity, as design.md asks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class ChallengeVersion(SQLModel, table=True):
    """A frozen copy of a challenge: attempts and gradings point at one version, forever."""

    __tablename__ = "challenge_versions"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, max_length=100)
    version: str = Field(max_length=64)
    title: str
    difficulty: str = Field(max_length=10)
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Attempt(SQLModel, table=True):
    """A candidate's session, reached through a secret link (the token is stored hashed)."""

    __tablename__ = "attempts"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    candidate_name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    __tablename__ = "submissions"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int | None = Field(default=None, foreign_key="attempts.id", index=True)
    challenge_version_id: int = Field(foreign_key="challenge_versions.id", index=True)
    kind: str = Field(default="submit", max_length=10)  # submit | examples
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="queued", max_length=10)  # queued | running | done
    verdict: str | None = Field(default=None, max_length=20)
    score: float | None = None
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    graded_at: datetime | None = None


class GradingJob(SQLModel, table=True):
    """The durable queue: one row per submission, claimed with an expiring lease."""

    __tablename__ = "grading_jobs"

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", unique=True)
    priority: int = Field(default=10, index=True)  # lower runs first
    state: str = Field(default="queued", max_length=10, index=True)  # queued | leased | done
    attempts: int = 0
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = None
    available_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None


class User(SQLModel, table=True):
    """Staff: admins author and invite; interviewers review."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254)
    role: str = Field(max_length=20)  # admin | interviewer
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    """A bearer token for the JSON API; only its hash is stored, and it can be revoked."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    name: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
