"""Loads the question bank from quizzes/*.toml, strictly: one bad file fails the whole load
(`make test` runs it), because a quiz with a wrong key is worse than no quiz."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from app.errors import ChallengeFormatError
from app.library.loader import SEEDS_DIR
from app.library.schema import SOURCE_PATTERN
from app.quizzes.schema import QuestionSpec, QuizFile


@dataclass(frozen=True)
class Question:
    spec: QuestionSpec
    bank: str  # the file's stem: quizzes/<bank>.toml

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        """Content hash: an edit makes a new version; attempts keep the one they drew."""
        blob = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _load_file(path: Path) -> list[QuestionSpec]:
    try:
        return QuizFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8"))).questions
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ChallengeFormatError(f"{path}: {exc}") from exc


def load_bank(root: Path, seeds_dir: Path = SEEDS_DIR) -> dict[str, Question]:
    bank: dict[str, Question] = {}
    folder = root / "quizzes"
    if not folder.is_dir():
        return bank
    for path in sorted(folder.glob("*.toml")):
        for spec in _load_file(path):
            if spec.id in bank:
                raise ChallengeFormatError(
                    f"{path}: question id {spec.id!r} is also in quizzes/{bank[spec.id].bank}.toml")
            match = SOURCE_PATTERN.match(spec.source)
            if match and seeds_dir.is_dir() and not (seeds_dir / match.group(1)).is_file():
                raise ChallengeFormatError(f"{path}: {spec.id}: source names no seed file")
            bank[spec.id] = Question(spec, path.stem)
    return bank
