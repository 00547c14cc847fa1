"""The challenge library as staff browse it: filters, validation and mutation status, tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from app.errors import NotFound
from app.library.loader import Challenge
from app.library.records import MUTATION, VALIDATION, current, load_record
from app.library.test_index import TestInfo, index_tests
from app.library.topics import Topic, topic_map

LEVELS = ("junior", "mid", "senior")


@dataclass(frozen=True)
class Status:
    """What the records say about the challenge's current version."""

    validated: bool | None  # None: never validated at this version
    validation: dict[str, Any] | None
    mutation: dict[str, Any] | None

    @property
    def label(self) -> str:
        if self.validated is None:
            return "not validated"
        return "valid" if self.validated else "failing"


@dataclass(frozen=True)
class CatalogEntry:
    challenge: Challenge
    status: Status
    topics: list[Topic]

    @property
    def slug(self) -> str:
        return self.challenge.slug


@dataclass(frozen=True)
class ChallengeDetail:
    entry: CatalogEntry
    statement: Markup
    tests: list[TestInfo]
    examples: list[TestInfo]

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.tests)


def _status(root: Path, challenge: Challenge) -> Status:
    validation = current(load_record(root, VALIDATION), challenge.slug, challenge.version)
    mutation = current(load_record(root, MUTATION), challenge.slug, challenge.version)
    return Status(validated=None if validation is None else bool(validation.get("ok")),
                  validation=validation, mutation=mutation)


def _entry(root: Path, challenge: Challenge) -> CatalogEntry:
    topics = topic_map()
    return CatalogEntry(challenge, _status(root, challenge),
                        [topics[n] for n in challenge.meta.topics if n in topics])


def browse(*, library: dict[str, Challenge], root: Path, level: str = "",
           topic: int | None = None) -> list[CatalogEntry]:
    """Challenges by level then title, optionally only one level and/or one topic."""
    chosen = [c for c in library.values()
              if (not level or c.meta.difficulty == level)
              and (topic is None or topic in c.meta.topics)]
    chosen.sort(key=lambda c: (LEVELS.index(c.meta.difficulty), c.meta.title.lower()))
    return [_entry(root, c) for c in chosen]


def detail(*, library: dict[str, Challenge], root: Path, slug: str) -> ChallengeDetail:
    challenge = library.get(slug)
    if challenge is None:
        raise NotFound(f"no challenge {slug!r} in the library")
    return ChallengeDetail(_entry(root, challenge), challenge.statement_html,
                           index_tests(challenge.hidden), index_tests(challenge.examples))


def topics_in_use(library: dict[str, Challenge]) -> list[Topic]:
    used = {n for c in library.values() for n in c.meta.topics}
    return [t for n, t in sorted(topic_map().items()) if n in used]
