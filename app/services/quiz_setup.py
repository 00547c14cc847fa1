"""An assessment's knowledge-check settings and the draw of its questions."""

from __future__ import annotations

import random
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import DomainError
from app.models import Assessment, QuestionVersion
from app.services.questions import current_versions, spec_of

Scoring = Literal["all_or_nothing", "partial"]


class KnowledgeCheck(BaseModel):
    """An assessment's section settings (stored in Assessment.knowledge_check)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=1, le=100)
    topics: list[int] = []
    difficulty: Literal["", "junior", "mid", "senior"] = ""
    draw: Literal["same", "fresh"] = "same"
    time_limit_min: int = Field(ge=1, le=180)
    scoring: Scoring = "all_or_nothing"
    question_ids: list[int] = []  # the same draw for everyone: question version ids


def settings_of(assessment: Assessment) -> KnowledgeCheck | None:
    return (KnowledgeCheck.model_validate(assessment.knowledge_check)
            if assessment.knowledge_check else None)


def eligible(rows: dict[str, QuestionVersion],
             check: KnowledgeCheck) -> list[QuestionVersion]:
    chosen = []
    for row in rows.values():
        spec = spec_of(row)
        if check.difficulty and spec.difficulty != check.difficulty:
            continue
        if check.topics and not set(check.topics) & set(spec.topics):
            continue
        chosen.append(row)
    return chosen


def draw(rows: list[QuestionVersion], count: int, rng: random.Random) -> list[QuestionVersion]:
    if len(rows) < count:
        raise DomainError(f"the bank has only {len(rows)} questions matching these filters; "
                          f"{count} were asked for")
    return rng.sample(sorted(rows, key=lambda r: r.qid), count)


async def configure(*, session: AsyncSession, assessment: Assessment,
                    values: dict[str, object]) -> KnowledgeCheck:
    """Validate the settings; for the same draw, draw now so every candidate gets it."""
    try:
        check = KnowledgeCheck.model_validate(values | {"question_ids": []})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DomainError(f"knowledge check {first['loc'][0]}: {first['msg']}") from exc
    matching = eligible(await current_versions(session=session), check)
    picked = draw(matching, check.count, random.Random(secrets.randbits(64)))
    if check.draw == "same":
        check.question_ids = [row.id for row in picked]  # type: ignore[misc]
    assessment.knowledge_check = check.model_dump()
    session.add(assessment)
    return check
