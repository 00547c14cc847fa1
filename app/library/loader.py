"""Loads a challenge from challenges/<slug> (candidate-visible) and graders/<slug> (hidden)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import ValidationError

from app.errors import ChallengeFormatError
from app.grading.contract import GradeRequest, Limits
from app.library.edits import apply_edits, load_edit_script
from app.library.markdown import render_markdown
from app.library.schema import SOURCE_PATTERN, ChallengeMeta

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _read_tree(folder: Path, pattern: str = "*") -> dict[str, str]:
    """Text files below `folder` by relative path (caches and bytecode left out)."""
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
    return files


@dataclass(frozen=True)
class Challenge:
    slug: str
    meta: ChallengeMeta
    statement_md: str
    starter: dict[str, str]
    examples: dict[str, str]
    hidden: dict[str, str]
    reference: dict[str, str]
    wrong: dict[str, dict[str, str]]
    overrides: str | None = None
    service: str | None = None
    # Known-correct solutions in other styles (graders/<slug>/alternatives/): not part of the
    # version, like the wrong solutions.
    alternatives: dict[str, dict[str, str]] = field(default_factory=dict)
    folder: Path = field(default=Path("."), compare=False)

    @cached_property
    def statement_html(self) -> Markup:
        return render_markdown(self.statement_md)

    @cached_property
    def version(self) -> str:
        """A content hash of everything that decides a grade (not the wrong solutions)."""
        parts = [self.meta.model_dump(mode="json"), self.statement_md, self.starter,
                 self.examples, self.hidden, self.reference, self.overrides]
        if self.service is not None:  # appended only when present: other versions keep their hash
            parts.append(self.service)
        blob = json.dumps(parts, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    @property
    def limits(self) -> Limits:
        return Limits(wall_s=self.meta.time_limit_s, memory_mb=self.meta.memory_mb,
                      startup_s=min(10.0, self.meta.time_limit_s))

    @property
    def content(self) -> dict[str, Any]:
        """What grading this version needs; stored with each version in the database."""
        return {
            "starter": self.starter,
            "examples": self.examples,
            "hidden": self.hidden,
            "overrides": self.overrides,
            "service": self.service,
            "entrypoint": self.meta.entrypoint,
            "limits": self.limits.model_dump(),
            "title": self.meta.title,
            "difficulty": self.meta.difficulty,
            "summary": self.meta.summary,
            "estimated_minutes": self.meta.estimated_minutes,
            "skills": self.meta.skills,
            "statement_html": str(self.statement_html),
        }

    def request(self, files: dict[str, str], *, examples: bool = False) -> GradeRequest:
        """A run of `files` against the hidden tests (or the visible examples)."""
        return build_request(self.slug, self.version, self.content, files, examples=examples)


def build_request(slug: str, version: str, content: dict[str, Any], files: dict[str, str], *,
                  examples: bool = False) -> GradeRequest:
    """Files not submitted are taken from the starter, so every run sees a complete app."""
    return GradeRequest(
        challenge_slug=slug, challenge_version=version,
        files=content["starter"] | files,
        tests=content["examples"] if examples else content["hidden"],
        overrides=content["overrides"], service=content.get("service"),
        entrypoint=content["entrypoint"],
        limits=Limits.model_validate(content["limits"]),
    )


def _load_meta(path: Path) -> ChallengeMeta:
    try:
        return ChallengeMeta.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ChallengeFormatError(f"{path}: {exc}") from exc


def runner_packages(root: Path) -> set[str]:
    """Distribution names installed in the runner image (pyproject's `runner` group)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return set()
    groups = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("dependency-groups", {})
    return {re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0].lower().replace("_", "-")
            for spec in groups.get("runner", [])}


def _check_packages(meta: ChallengeMeta, root: Path, where: Path) -> None:
    installed = runner_packages(root)
    missing = [p for p in meta.packages if p.lower().replace("_", "-") not in installed]
    if installed and missing:
        raise ChallengeFormatError(
            f"{where}: packages {missing} are not in the runner image ({sorted(installed)})")


def _check_sources(meta: ChallengeMeta, where: Path) -> None:
    if not SEEDS_DIR.is_dir():
        return
    for source in meta.sources:
        match = SOURCE_PATTERN.match(source)
        if match and not (SEEDS_DIR / match.group(1)).is_file():
            raise ChallengeFormatError(f"{where}: source {source!r} names no seed file")


def _solutions(folder: Path, module_file: str,
               reference: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each entry of wrong/ or alternatives/: a module (`name.py`), a folder of files, or an
    edit script of the reference (`name.toml`, see edits.py)."""
    wrong: dict[str, dict[str, str]] = {}
    if not folder.is_dir():
        return wrong
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".py":
            wrong[entry.stem] = {module_file: entry.read_text(encoding="utf-8")}
        elif entry.is_file() and entry.suffix == ".toml":
            script = load_edit_script(entry)
            wrong[entry.stem] = apply_edits(reference, script, module_file, where=str(entry))
        elif entry.is_dir() and entry.name != "__pycache__":
            wrong[entry.name] = _read_tree(entry)
    return wrong


def load_challenge(root: Path, slug: str) -> Challenge:
    try:
        return _load_challenge(root, slug)
    except (OSError, UnicodeDecodeError) as exc:
        raise ChallengeFormatError(f"challenge {slug}: {exc}") from exc


def _load_challenge(root: Path, slug: str) -> Challenge:
    public, hidden = root / "challenges" / slug, root / "graders" / slug
    if not (public / "challenge.toml").is_file():
        raise ChallengeFormatError(f"no challenge.toml in {public}")
    meta = _load_meta(public / "challenge.toml")
    _check_sources(meta, public)
    _check_packages(meta, root, public)
    starter = _read_tree(public / "starter")
    if meta.module_file not in starter:
        raise ChallengeFormatError(f"{public}/starter has no {meta.module_file}")
    tests = {p.name: p.read_text(encoding="utf-8") for p in sorted(hidden.glob("test_*.py"))}
    if not tests:
        raise ChallengeFormatError(f"{hidden} has no hidden tests (test_*.py)")
    overrides, service = hidden / "overrides.py", hidden / "service.py"
    reference = _read_tree(hidden / "reference")
    return Challenge(
        slug=slug, meta=meta,
        statement_md=(public / "statement.md").read_text(encoding="utf-8"),
        starter=starter, examples=_read_tree(public / "examples", "test_*.py"),
        hidden=tests, reference=reference,
        wrong=_solutions(hidden / "wrong", meta.module_file, reference),
        alternatives=_solutions(hidden / "alternatives", meta.module_file, reference),
        overrides=overrides.read_text(encoding="utf-8") if overrides.is_file() else None,
        service=service.read_text(encoding="utf-8") if service.is_file() else None,
        folder=public,
    )


def challenge_slugs(root: Path) -> list[str]:
    folder = root / "challenges"
    return sorted(p.name for p in folder.iterdir() if (p / "challenge.toml").is_file())


def load_library(root: Path) -> tuple[dict[str, Challenge], dict[str, str]]:
    """Every challenge that loads, and why each other one did not (a broken challenge is
    left out of the running app instead of stopping it; `library validate` fails on it)."""
    loaded: dict[str, Challenge] = {}
    broken: dict[str, str] = {}
    for slug in challenge_slugs(root):
        try:
            loaded[slug] = load_challenge(root, slug)
        except ChallengeFormatError as exc:
            broken[slug] = exc.message
    return loaded, broken
