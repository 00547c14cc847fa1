"""The question bank in the database: versions synced from quizzes/*.toml, edits made in the
browser (each a new version), TOML import and export."""

from __future__ import annotations

import json
import tomllib

from pydantic import ValidationError
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict, DomainError, NotFound
from app.models import QuestionVersion
from app.quizzes.loader import Question
from app.quizzes.schema import QuestionSpec, QuizFile


def version_of(spec: QuestionSpec) -> str:
    return Question(spec, "").version


async def ensure_question_version(*, session: AsyncSession, spec: QuestionSpec, bank: str,
                                  created_by: int | None = None) -> tuple[QuestionVersion, bool]:
    """The row for this exact content (created if new); True when it was created."""
    version = version_of(spec)
    found = (await session.exec(select(QuestionVersion).where(
        QuestionVersion.qid == spec.id, QuestionVersion.version == version))).first()
    if found is not None:
        return found, False
    row = QuestionVersion(qid=spec.id, version=version, bank=bank,
                          content=spec.model_dump(mode="json"), created_by=created_by)
    session.add(row)
    await session.flush()
    return row, True


async def sync_bank(*, session: AsyncSession, bank: dict[str, Question]) -> int:
    """A version row for every question whose file content is new (one query to find them)."""
    known = set((await session.exec(select(QuestionVersion.qid, QuestionVersion.version))).all())
    new = [q for q in bank.values() if (q.id, q.version) not in known]
    session.add_all([QuestionVersion(qid=q.id, version=q.version, bank=q.bank,
                                     content=q.spec.model_dump(mode="json")) for q in new])
    await session.commit()
    return len(new)


async def current_versions(*, session: AsyncSession) -> dict[str, QuestionVersion]:
    """The newest version of every question id."""
    newest = select(func.max(QuestionVersion.id)).group_by(QuestionVersion.qid)
    rows = (await session.exec(select(QuestionVersion).where(
        QuestionVersion.id.in_(newest)).order_by(QuestionVersion.qid))).all()
    return {row.qid: row for row in rows}


async def current_version(*, session: AsyncSession, qid: str) -> QuestionVersion:
    row = (await session.exec(select(QuestionVersion).where(QuestionVersion.qid == qid)
                              .order_by(QuestionVersion.id.desc()).limit(1))).first()
    if row is None:
        raise NotFound(f"no question {qid!r} in the bank")
    return row


async def history(*, session: AsyncSession, qid: str) -> list[QuestionVersion]:
    return list((await session.exec(select(QuestionVersion).where(QuestionVersion.qid == qid)
                                    .order_by(QuestionVersion.id.desc()))).all())


def spec_of(row: QuestionVersion) -> QuestionSpec:
    return QuestionSpec.model_validate(row.content)


def parse_toml(text: str) -> list[QuestionSpec]:
    """Questions from a TOML text in the bank's format, with every schema rule applied."""
    try:
        return QuizFile.model_validate(tomllib.loads(text)).questions
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(f"not valid TOML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in exc.errors()[:5])
        raise DomainError(f"not a valid question file: {problems}") from exc


async def save_edit(*, session: AsyncSession, qid: str, text: str,
                    user_id: int | None) -> QuestionVersion:
    """An edit in the browser (the question as TOML): saved as a new version when it changed."""
    current = await current_version(session=session, qid=qid)
    specs = parse_toml(text)
    if len(specs) != 1 or specs[0].id != qid:
        raise DomainError(f"the text must hold exactly one question, with id = {qid!r}")
    row, created = await ensure_question_version(session=session, spec=specs[0],
                                                 bank=current.bank, created_by=user_id)
    if not created and row.id == current.id:
        raise Conflict("nothing changed: this is already the current version")
    if not created:  # going back to an older text makes it current again, as a new row
        row = QuestionVersion(qid=qid, version=row.version, bank=current.bank,
                              content=row.content, created_by=user_id)
        row.version = f"{row.version}+{current.id}"
        session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


async def import_toml(*, session: AsyncSession, text: str, bank: str,
                      user_id: int | None) -> tuple[int, int]:
    """Every question of the file; returns (new versions, unchanged)."""
    specs = parse_toml(text)
    ids = [s.id for s in specs]
    if len(set(ids)) != len(ids):
        raise DomainError("a question id appears twice in the file")
    created = 0
    current = await current_versions(session=session)
    for spec in specs:
        existing = current.get(spec.id)
        if existing is not None and existing.version.split("+")[0] == version_of(spec):
            continue
        _, new = await ensure_question_version(session=session, spec=spec, bank=bank,
                                               created_by=user_id)
        created += int(new)
    await session.commit()
    return created, len(specs) - created


def _toml_value(value: object) -> str:
    """JSON scalars and arrays are valid TOML values (basic strings, integers, arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def export_toml(rows: list[QuestionVersion]) -> str:
    lines = ["# Exported from Crucible: the current version of each question.", ""]
    for row in rows:
        lines.append("[[questions]]")
        for key, value in spec_of(row).model_dump(mode="json", exclude_none=True).items():
            lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)
