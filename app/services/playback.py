"""Playback of one challenge in one attempt: the autosaved snapshots as a timeline, with the
diff between consecutive snapshots and the paste events that happened before each one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import NotFound
from app.models import Attempt, AttemptEvent, Invite, Snapshot
from app.services.assessments import get_assessment


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add" | "del" | "hunk" | "same"
    text: str


@dataclass
class Frame:
    number: int  # 1-based
    at: datetime
    files: dict[str, str]
    diff: dict[str, list[DiffLine]] = field(default_factory=dict)  # changed files only
    pastes: list[AttemptEvent] = field(default_factory=list)  # since the previous frame

    @property
    def lines_changed(self) -> int:
        return sum(1 for lines in self.diff.values() for d in lines if d.kind in ("add", "del"))


@dataclass(frozen=True)
class Playback:
    attempt: Attempt
    slug: str
    title: str
    frames: list[Frame]


def diff_files(before: dict[str, str], after: dict[str, str]) -> dict[str, list[DiffLine]]:
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, ""), after.get(name, "")
        if old == new:
            continue
        lines = []
        for line in list(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                              lineterm="", n=2))[2:]:
            kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
            lines.append(DiffLine(kind, line))
        changed[name] = lines
    return changed


async def build(*, session: AsyncSession, attempt_id: int, slug: str) -> Playback:
    attempt = await session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound(f"no attempt {attempt_id}")
    invite = await session.get(Invite, attempt.invite_id)
    view = await get_assessment(session=session, assessment_id=invite.assessment_id)
    version = view.version_for(slug)
    snapshots = (await session.exec(select(Snapshot).where(
        Snapshot.attempt_id == attempt_id, Snapshot.challenge_version_id == version.id)
        .order_by(Snapshot.id))).all()
    pastes = list((await session.exec(select(AttemptEvent).where(
        AttemptEvent.attempt_id == attempt_id, AttemptEvent.kind == "paste",
        AttemptEvent.challenge_version_id == version.id).order_by(AttemptEvent.id))).all())
    frames: list[Frame] = []
    previous: dict[str, str] = version.content["starter"]
    for number, snap in enumerate(snapshots, start=1):
        frame = Frame(number, snap.created_at, snap.files, diff_files(previous, snap.files))
        frame.pastes = [p for p in pastes
                        if p.created_at <= snap.created_at
                        and (not frames or p.created_at > frames[-1].at)]
        frames.append(frame)
        previous = snap.files
    return Playback(attempt, slug, version.title, frames)
