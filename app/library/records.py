"""Per-challenge results kept beside the library (docs/validation.json, docs/mutation.json).

Each entry is keyed by slug and carries the challenge version it was measured on, so a reader
can tell a current figure from a stale one. Entries hold no timestamps: re-running an unchanged
library rewrites the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VALIDATION = Path("docs") / "validation.json"
MUTATION = Path("docs") / "mutation.json"


def load_record(root: Path, name: Path) -> dict[str, dict[str, Any]]:
    path = root / name
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def update_record(root: Path, name: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Replace the entries of the given slugs; keep every other slug's entry."""
    record = load_record(root, name) | entries
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(record.items())), indent=1) + "\n", encoding="utf-8")


def current(record: dict[str, dict[str, Any]], slug: str, version: str) -> dict[str, Any] | None:
    """The slug's entry when it was measured on this version, else None."""
    entry = record.get(slug)
    return entry if entry and entry.get("version") == version else None
