"""The strict schema of challenge.toml: unknown keys are rejected."""

from __future__ import annotations

import re
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

SOURCE_PATTERN = re.compile(r"^(\d{3}_[0-9a-f]{16}\.txt)\b")
Difficulty = Literal["junior", "mid", "senior"]


class ChallengeMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: UUID
    title: str = Field(min_length=3, max_length=120)
    difficulty: Difficulty
    summary: str = Field(min_length=10, max_length=300)
    estimated_minutes: int = Field(ge=5, le=90)
    skills: list[str] = Field(min_length=1)
    topics: list[int] = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    time_limit_s: float = Field(10.0, gt=0, le=120)
    memory_mb: int = Field(256, ge=64, le=4096)
    entrypoint: str = Field("solution:app", pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
    packages: list[str] = []

    @field_validator("topics")
    @classmethod
    def topics_in_map(cls, topics: list[int]) -> list[int]:
        bad = [t for t in topics if not 1 <= t <= 73]
        if bad:
            raise ValueError(f"topic numbers must come from the seed-notes map (1-73): {bad}")
        return topics

    @field_validator("sources")
    @classmethod
    def sources_name_a_seed(cls, sources: list[str]) -> list[str]:
        bad = [s for s in sources if not SOURCE_PATTERN.match(s)]
        if bad:
            raise ValueError(f"a source starts with a seed file name (NNN_<16 hex>.txt): {bad}")
        return sources

    @property
    def module_file(self) -> str:
        return self.entrypoint.split(":", 1)[0].replace(".", "/") + ".py"
