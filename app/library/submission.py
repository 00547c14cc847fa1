"""Checks a candidate's files before anything is queued."""

from __future__ import annotations

from collections.abc import Iterable

from app.errors import InvalidSubmission

MAX_FILE_BYTES = 256 * 1024


def check_files(allowed_names: Iterable[str], files: dict[str, str | bytes]) -> dict[str, str]:
    """Return the files as text, or raise InvalidSubmission with a message a person can act on.

    `allowed_names` are the starter's file names: nothing else may be submitted."""
    if not files:
        raise InvalidSubmission("the submission has no files")
    allowed = set(allowed_names)
    checked: dict[str, str] = {}
    for name, content in files.items():
        if name not in allowed:
            raise InvalidSubmission(
                f"{name!r} is not a file of this challenge (allowed: {', '.join(sorted(allowed))})"
            )
        try:
            raw = content.encode("utf-8") if isinstance(content, str) else content
        except UnicodeEncodeError as exc:
            raise InvalidSubmission(f"{name} is not valid Unicode text ({exc.reason})") from exc
        if len(raw) > MAX_FILE_BYTES:
            raise InvalidSubmission(f"{name} is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
        try:
            text = raw.decode("utf-8") if isinstance(content, bytes) else content
        except UnicodeDecodeError as exc:
            raise InvalidSubmission(f"{name} is not UTF-8 text ({exc.reason})") from exc
        if "\x00" in text:
            raise InvalidSubmission(f"{name} contains a NUL byte; submit text only")
        checked[name] = text
    return checked
