"""Known-wrong solutions written as edits of the reference (`graders/<slug>/wrong/<name>.toml`).

A wrong solution is usually the reference with one mistake. Writing it as the edit that makes
the mistake keeps it readable (the mistake is the whole file) and keeps it in step with the
reference: when the reference is fixed, every wrong solution carries the fix.

    why = "Creates the item but answers 200 instead of 201"

    [[replace]]
    old = "status_code=201"
    new = "status_code=200"
    # file = "solution.py"   (default: the entrypoint's module)
    # all = true             (default: `old` must occur exactly once)

An `old` that is missing, or found more than once without `all = true`, is a format error:
a reference edit must never silently stop applying.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.errors import ChallengeFormatError


class Replacement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old: str = Field(min_length=1)
    new: str
    file: str | None = None
    all: bool = False


class EditScript(BaseModel):
    model_config = ConfigDict(extra="forbid")

    why: str = Field(min_length=5)
    replace: list[Replacement] = Field(min_length=1)


def load_edit_script(path: Path) -> EditScript:
    try:
        return EditScript.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ChallengeFormatError(f"{path}: {exc}") from exc


def apply_edits(files: dict[str, str], script: EditScript, default_file: str,
                where: str = "edit") -> dict[str, str]:
    """`files` with every replacement applied, in order (the input is not changed)."""
    result = dict(files)
    for number, step in enumerate(script.replace, start=1):
        name = step.file or default_file
        if name not in result:
            raise ChallengeFormatError(f"{where}: replacement {number} names no file {name!r}")
        found = result[name].count(step.old)
        if found == 0:
            raise ChallengeFormatError(
                f"{where}: replacement {number}: {step.old[:60]!r} is not in {name}")
        if found > 1 and not step.all:
            raise ChallengeFormatError(
                f"{where}: replacement {number}: {step.old[:60]!r} occurs {found} times in "
                f"{name}; make it unique or set all = true")
        result[name] = result[name].replace(step.old, step.new)
    return result
