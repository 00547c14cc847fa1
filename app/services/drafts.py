"""Drafts with revisions: a save based on an older revision than the stored one is refused.

Two tabs (or two browsers) on one challenge: each save names the revision it was based on, and
the database decides with a conditional UPDATE ... WHERE revision = :expected (checked by its
row count), so a stale tab can never overwrite newer code, whatever the interleaving. The
candidate then loads the newer code or keeps theirs (a save based on the current revision).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict
from app.models import Draft, Snapshot

CONFLICT_MESSAGE = ("your code changed in another tab or browser since this page loaded; "
                    "load the newer version or keep this one")


class DraftConflict(Conflict):
    """The draft was saved elsewhere since the revision this write was based on."""

    def __init__(self, current: Draft) -> None:
        super().__init__(CONFLICT_MESSAGE)
        self.revision = current.revision
        self.files = dict(current.files)
        self.saved_at = current.updated_at
        self.headers = {"ETag": etag(current.revision), "X-Draft-Revision": str(current.revision)}


def etag(revision: int) -> str:
    return f'"{revision}"'


def parse_revision(value: str | int | None) -> int | None:
    """A revision from a form field, an `If-Match` header ("3", "\"3\"", W/"3") or JSON."""
    if value is None or value == "" or value == "*":
        return None
    if isinstance(value, int):
        return value
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise Conflict(f"the draft revision must be a whole number, not {value!r}")
    return int(text)


async def current(*, session: AsyncSession, attempt_id: int, version_id: int) -> Draft | None:
    return (await session.exec(select(Draft).where(
        Draft.attempt_id == attempt_id, Draft.challenge_version_id == version_id)
        .execution_options(populate_existing=True))).first()


async def save(*, session: AsyncSession, attempt_id: int, version_id: int,
               files: dict[str, str], now: datetime, expected: int | None) -> Draft:
    """Store `files` as the draft's next revision. `expected` is the revision the writer last
    saw (0: no draft yet); None writes unconditionally (clients that send no revision).
    Unchanged code is not a new revision. Raises DraftConflict when `expected` is stale."""
    draft = await current(session=session, attempt_id=attempt_id, version_id=version_id)
    if draft is not None and draft.files == files:
        return draft  # nothing changed: no conflict either, nothing can be lost
    if draft is None:
        if expected not in (None, 0):
            raise Conflict("there is no saved draft of this revision; reload the page")
        created = await _insert_first(session, attempt_id, version_id, files, now)
        if created is not None:
            return created
        draft = await current(session=session, attempt_id=attempt_id, version_id=version_id)
        assert draft is not None  # another request's first save won the insert
        if draft.files == files:
            return draft
    base = draft.revision if expected is None else expected
    done = await session.exec(update(Draft).where(  # type: ignore[call-overload]
        Draft.id == draft.id, Draft.revision == base)
        .values(files=files, updated_at=now, revision=base + 1))
    if done.rowcount != 1:
        latest = await current(session=session, attempt_id=attempt_id, version_id=version_id)
        assert latest is not None
        conflict = DraftConflict(latest)  # plain copies: the rollback expires the row
        await session.rollback()
        raise conflict
    session.add(Snapshot(attempt_id=attempt_id, challenge_version_id=version_id, files=files,
                         created_at=now))
    await session.commit()
    saved = await current(session=session, attempt_id=attempt_id, version_id=version_id)
    assert saved is not None
    return saved


async def _insert_first(session: AsyncSession, attempt_id: int, version_id: int,
                        files: dict[str, str], now: datetime) -> Draft | None:
    """The first revision, or None when a concurrent first save got there before."""
    draft = Draft(attempt_id=attempt_id, challenge_version_id=version_id, files=files,
                  updated_at=now, revision=1)
    try:
        session.add(draft)
        session.add(Snapshot(attempt_id=attempt_id, challenge_version_id=version_id,
                             files=files, created_at=now))
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return None
    await session.refresh(draft)
    return draft
