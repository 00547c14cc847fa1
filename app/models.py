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


class Assessment(SQLModel, table=True):
    """An ordered set of challenges (pinned versions) with a time limit and an open window."""

    __tablename__ = "assessments"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = ""
    time_limit_min: int
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    scoring: str = Field(default="best", max_length=10)  # best | last
    max_submissions: int = 10  # per challenge
    # The knowledge-check section's settings (services/quiz_setup.py); None: no section.
    knowledge_check: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # The interviewers' rubric: criteria scored 1-4 (services/reviews.py has the default).
    rubric: list[str] | None = Field(default=None, sa_column=Column(JSON))
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class AssessmentItem(SQLModel, table=True):
    __tablename__ = "assessment_items"
    __table_args__ = (UniqueConstraint("assessment_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    position: int
    challenge_version_id: int = Field(foreign_key="challenge_versions.id")


class Invite(SQLModel, table=True):
    """One candidate's secret link to one assessment (only the token's hash is stored)."""

    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessments.id", index=True)
    candidate_name: str = Field(max_length=200)
    candidate_email: str = Field(max_length=254)
    token_hash: str = Field(unique=True, max_length=64)
    expires_at: datetime
    extra_minutes: int = 0  # accommodation
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class Attempt(SQLModel, table=True):
    """A candidate's timed session, begun when they press Start (one per invite)."""

    __tablename__ = "attempts"

    id: int | None = Field(default=None, primary_key=True)
    invite_id: int = Field(foreign_key="invites.id", unique=True)
    candidate_name: str = Field(max_length=200)
    started_at: datetime = Field(default_factory=utcnow)
    deadline_at: datetime
    finished_at: datetime | None = None
    finish_reason: str | None = Field(default=None, max_length=20)  # finished | deadline


class ChallengeProgress(SQLModel, table=True):
    """Counters of one challenge in one attempt, changed only by conditional UPDATEs: the graded
    submissions used (the allowance holds however many submits race) and a serial of example
    runs (its UPDATE serializes concurrent example runs of the pair). Whether a graded
    submission is in flight lives on the row too, so one UPDATE checks both rules."""

    __tablename__ = "challenge_progress"
    __table_args__ = (UniqueConstraint("attempt_id", "challenge_version_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", index=True)
    challenge_version_id: int = Field(foreign_key="challenge_versions.id")
    submissions_used: int = 0
    submissions_pending: int = 0  # 1 while a graded submission is queued or running
    example_runs: int = 0


class Draft(SQLModel, table=True):
    """The latest autosaved code of one challenge in one attempt."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("attempt_id", "challenge_version_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", index=True)
    challenge_version_id: int = Field(foreign_key="challenge_versions.id")
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)
    # Bumped by every save; a save based on an older revision is refused (services/drafts.py).
    revision: int = 0


class Snapshot(SQLModel, table=True):
    """Code as it was at a moment, for playback (written when an autosave changed it)."""

    __tablename__ = "snapshots"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", index=True)
    challenge_version_id: int = Field(foreign_key="challenge_versions.id")
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AttemptEvent(SQLModel, table=True):
    """Paste and focus events the candidate was told are recorded."""

    __tablename__ = "attempt_events"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", index=True)
    challenge_version_id: int | None = Field(default=None, foreign_key="challenge_versions.id")
    kind: str = Field(max_length=20)  # paste | blur | focus
    detail: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class Submission(SQLModel, table=True):
    __tablename__ = "submissions"
    # One automatic deadline submission per attempt and challenge (NULLs never collide).
    __table_args__ = (UniqueConstraint("attempt_id", "challenge_version_id", "at_deadline"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int | None = Field(default=None, foreign_key="attempts.id", index=True)
    challenge_version_id: int = Field(foreign_key="challenge_versions.id", index=True)
    kind: str = Field(default="submit", max_length=10)  # submit | examples
    # A graded submission's number within its attempt and challenge (1, 2, 3): what people see.
    number: int | None = None
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    # queued | running | done; replaced: a queued example run that a newer one took over
    status: str = Field(default="queued", max_length=10)
    phase: str | None = Field(default=None, max_length=10)  # while running: app | tests
    verdict: str | None = Field(default=None, max_length=20)
    score: float | None = None
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    graded_at: datetime | None = None
    # True: graded automatically when the attempt closed, outside the allowance; else NULL.
    at_deadline: bool | None = None


class GradingJob(SQLModel, table=True):
    """The durable queue: one row per submission, claimed with an expiring lease."""

    __tablename__ = "grading_jobs"

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", unique=True)
    # Whose job (None: regrades, validations): claims take turns between attempts.
    attempt_id: int | None = Field(default=None, foreign_key="attempts.id", index=True)
    priority: int = Field(default=10, index=True)  # lower runs first
    # queued | leased | done; cancelled: a queued example run replaced by a newer one
    state: str = Field(default="queued", max_length=10, index=True)
    attempts: int = 0
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = None
    claimed_at: datetime | None = None  # the last claim: when its attempt was last served
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


class QuestionVersion(SQLModel, table=True):
    """A frozen copy of one knowledge-check question: a quiz item points at one version, forever.
    The newest version of a question id is the current one (files or an edit in the browser)."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("qid", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    qid: str = Field(index=True, max_length=80)
    version: str = Field(max_length=64)
    bank: str = Field(max_length=80)
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # QuestionSpec
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class QuizSection(SQLModel, table=True):
    """The knowledge-check section of one attempt, with its own clock."""

    __tablename__ = "quiz_sections"

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", unique=True)
    started_at: datetime = Field(default_factory=utcnow)
    deadline_at: datetime
    finished_at: datetime | None = None
    score: float | None = None  # set when the section ends: earned / questions


class QuizItem(SQLModel, table=True):
    """One drawn question in a section: the order its options are shown in, and the answer.
    `answer` holds 1-based positions in the question's own option list (not the shown order)."""

    __tablename__ = "quiz_items"
    __table_args__ = (UniqueConstraint("section_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(foreign_key="quiz_sections.id", index=True)
    position: int
    question_version_id: int = Field(foreign_key="question_versions.id", index=True)
    option_order: list[int] = Field(sa_column=Column(JSON, nullable=False))
    answer: list[int] | None = Field(default=None, sa_column=Column(JSON))
    answered_at: datetime | None = None
    score: float | None = None
    flagged: bool = False  # the candidate's "flag for review": shown to interviewers, never scored


class Review(SQLModel, table=True):
    """One interviewer's review of one attempt: notes, rubric scores, a decision (editable)."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("attempt_id", "reviewer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempts.id", index=True)
    reviewer_id: int = Field(foreign_key="users.id")
    decision: str = Field(default="undecided", max_length=10)  # advance | reject | undecided
    notes: str = ""
    # criterion -> {"score": 1..4, "comment": str}
    rubric: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """Who did what and when. The application only ever inserts rows here."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    actor: str = Field(default="", max_length=254)  # the email, kept if the user goes away
    action: str = Field(max_length=40, index=True)
    target: str = Field(default="", max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ChallengeSource(SQLModel, table=True):
    """A challenge's whole source (candidate-visible and hidden files) as edited in the browser.
    A draft is validated in the sandbox; publishing makes its content a ChallengeVersion and
    writes the files back to the library folder."""

    __tablename__ = "challenge_sources"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, max_length=100)
    files: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))  # path -> text
    state: str = Field(default="draft", max_length=10)  # draft | published
    # The last validation: {"state": "running"|"done", "version": hash, "ok": bool, ...}
    validation: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_version_id: int | None = Field(default=None, foreign_key="challenge_versions.id")


class RegradeRun(SQLModel, table=True):
    """Submissions of chosen assessments graded again against a newer version; nothing changes
    for candidates until an admin publishes the run."""

    __tablename__ = "regrade_runs"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, max_length=100)
    to_version_id: int = Field(foreign_key="challenge_versions.id")
    assessment_ids: list[int] = Field(sa_column=Column(JSON, nullable=False))
    state: str = Field(default="grading", max_length=10)  # grading | published
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None


class RegradeItem(SQLModel, table=True):
    __tablename__ = "regrade_items"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="regrade_runs.id", index=True)
    submission_id: int = Field(foreign_key="submissions.id")  # the original
    regrade_submission_id: int = Field(foreign_key="submissions.id")  # graded again
    old_score: float | None = None
