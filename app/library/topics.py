"""The seed-notes topic map (app/library/topics.toml): names, and which topics a sandboxed
challenge can exercise (the others are asked in knowledge checks)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

TOPICS_FILE = Path(__file__).with_name("topics.toml")


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int
    name: str
    sandbox: bool = True
    reason: str = ""


@cache
def topic_map() -> dict[int, Topic]:
    data = tomllib.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    return {t.number: t for t in (Topic.model_validate(row) for row in data["topics"])}
