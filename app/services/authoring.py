"""Challenges edited in the browser: a draft of every file, validated in the sandbox exactly
as `crucible library validate` does, published only when that validation passed for exactly
the content being published. Publishing stores a new ChallengeVersion (attempts stay on
theirs), writes the files back to the library folder (files and database stay in step) and
makes the new version the one new assessments pin."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from pathlib import Path

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.config import REPO_ROOT
from app.errors import ChallengeFormatError, Conflict, DomainError, NotFound
from app.library.loader import Challenge, load_challenge
from app.library.validate import ChallengeReport
from app.models import ChallengeSource, ChallengeVersion, User, utcnow
from app.services import audit
from app.services.versions import ensure_version

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}[a-z0-9]$")
PATH_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
MAX_FILE_BYTES = 200_000
MAX_FILES = 60


def check_slug(slug: str) -> str:
    if not SLUG.match(slug):
        raise DomainError("a slug is 3-62 lower-case letters, digits and dashes")
    return slug


def check_path(slug: str, path: str) -> str:
    """Only files of this challenge: challenges/<slug>/... or graders/<slug>/..."""
    parts = path.strip().split("/")
    if len(parts) < 3 or parts[0] not in ("challenges", "graders") or parts[1] != slug:
        raise DomainError(f"{path!r}: files live under challenges/{slug}/ or graders/{slug}/")
    if any(not PATH_PART.match(p) or p in (".", "..") for p in parts[2:]):
        raise DomainError(f"{path!r}: use letters, digits, dots, dashes and underscores")
    return "/".join(parts)


def library_files(root: Path, slug: str) -> dict[str, str]:
    files = {}
    for part in ("challenges", "graders"):
        folder = root / part / slug
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return files


def write_files(root: Path, slug: str, files: dict[str, str]) -> None:
    """Replace the challenge's folders with exactly these files."""
    for part in ("challenges", "graders"):
        shutil.rmtree(root / part / slug, ignore_errors=True)
    for path, text in files.items():
        target = root / check_path(slug, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def load_files(slug: str, files: dict[str, str]) -> Challenge:
    """The challenge these files make, checked by the library's own loader."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")  # runner packages
        write_files(root, slug, files)
        return load_challenge(root, slug)


async def draft_for(*, session: AsyncSession, slug: str, root: Path,
                    user: User) -> ChallengeSource:
    """The slug's open draft, or a new one from its newest published source or its files."""
    check_slug(slug)
    sources = list((await session.exec(select(ChallengeSource).where(
        ChallengeSource.slug == slug).order_by(ChallengeSource.id.desc()))).all())
    if sources and sources[0].state == "draft":
        return sources[0]
    files = sources[0].files if sources else library_files(root, slug)
    if not files:
        raise NotFound(f"no challenge {slug!r} in the library")
    draft = ChallengeSource(slug=slug, files=files, created_by=user.id)
    session.add(draft)
    await session.commit()
    await session.refresh(draft)
    return draft


async def new_challenge(*, session: AsyncSession, slug: str, root: Path,
                        user: User) -> ChallengeSource:
    check_slug(slug)
    exists = (await session.exec(select(ChallengeSource.id).where(
        ChallengeSource.slug == slug))).first()
    if exists is not None or library_files(root, slug):
        raise Conflict(f"a challenge {slug!r} already exists")
    draft = ChallengeSource(slug=slug, files=skeleton(slug), created_by=user.id)
    session.add(draft)
    await session.commit()
    await session.refresh(draft)
    return draft


async def get_source(*, session: AsyncSession, source_id: int, slug: str) -> ChallengeSource:
    source = await session.get(ChallengeSource, source_id)
    if source is None or source.slug != slug:
        raise NotFound(f"no draft {source_id} of {slug!r}")
    return source


async def save_draft(*, session: AsyncSession, draft: ChallengeSource,
                     files: dict[str, str]) -> str:
    """Store the files (always: nothing typed is lost); returns the load error, if any."""
    if draft.state != "draft":
        raise Conflict("this version is published; open the editor again for a new draft")
    if not files:
        raise DomainError("a challenge needs its files; nothing was saved")
    if len(files) > MAX_FILES:
        raise DomainError(f"a challenge has at most {MAX_FILES} files")
    checked = {}
    for path, text in files.items():
        if len(text.encode()) > MAX_FILE_BYTES:
            raise DomainError(f"{path} is larger than {MAX_FILE_BYTES // 1000} kB")
        checked[check_path(draft.slug, path)] = text.replace("\r\n", "\n")
    draft.files, draft.updated_at = checked, utcnow()
    if draft.validation and draft.validation.get("state") != "running":
        draft.validation = None  # the content changed: the old validation says nothing
    session.add(draft)
    await session.commit()
    try:
        load_files(draft.slug, checked)
    except ChallengeFormatError as exc:
        return exc.message
    return ""


def validation_record(report: ChallengeReport, version: str) -> dict[str, object]:
    return {"state": "done", "version": version, **report.as_record(), "ok": report.ok}


def publishable(draft: ChallengeSource) -> tuple[Challenge | None, str]:
    """The challenge the draft makes, when the last validation passed for exactly this
    content; else None and why not."""
    try:
        challenge = load_files(draft.slug, draft.files)
    except ChallengeFormatError as exc:
        return None, exc.message
    record = draft.validation or {}
    if record.get("state") != "done" or record.get("version") != challenge.version:
        return None, "validate this exact content first"
    if not record.get("ok"):
        return None, "the last validation failed"
    return challenge, ""


async def publish(*, session: AsyncSession, draft: ChallengeSource, root: Path,
                  library: dict[str, Challenge], user: User) -> ChallengeVersion:
    if draft.state != "draft":
        raise Conflict("this draft is already published")
    challenge, why = publishable(draft)
    if challenge is None:
        raise Conflict(f"cannot publish: {why}")
    version = await ensure_version(session=session, challenge=challenge, commit=False)
    draft.state, draft.published_version_id, draft.updated_at = "published", version.id, utcnow()
    session.add(draft)
    await audit.record(session=session, action="challenge_published", actor=user,
                       target=f"challenge {draft.slug}", detail={"version": version.version},
                       commit=False)
    await session.commit()
    await session.refresh(version)
    write_files(root, draft.slug, draft.files)
    library[draft.slug] = load_challenge(root, draft.slug)
    return version


def skeleton(slug: str) -> dict[str, str]:
    """A new challenge that loads (and fails validation until it is written)."""
    return {
        f"challenges/{slug}/challenge.toml": (
            f'id = "{uuid.uuid4()}"\ntitle = "New challenge"\ndifficulty = "junior"\n'
            'summary = "What the candidate builds, in one sentence."\nestimated_minutes = 15\n'
            'skills = ["path operations"]\ntopics = [5]\n'
            'sources = ["001_b9bd6f5456f30394.txt A3"]\ntime_limit_s = 10\nmemory_mb = 256\n'
            'entrypoint = "solution:app"\n'),
        f"challenges/{slug}/statement.md": "# New challenge\n\nDescribe the routes here.\n",
        f"challenges/{slug}/starter/solution.py": (
            "from fastapi import FastAPI\n\napp = FastAPI()\n"),
        f"challenges/{slug}/examples/test_examples.py": (
            "def test_docs(client):\n    \"\"\"The docs page answers\"\"\"\n"
            "    assert client.get('/docs').status_code == 200\n"),
        f"graders/{slug}/test_hidden.py": (
            "def test_health(client):\n    \"\"\"GET /health answers 200\"\"\"\n"
            "    assert client.get('/health').status_code == 200\n"),
        f"graders/{slug}/reference/solution.py": (
            "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/health')\n"
            "def health() -> dict[str, str]:\n    return {'status': 'ok'}\n"),
    }
