"""Test helpers: a private copy of one challenge as a whole library (for tests that publish,
which writes files), and an assessment whose candidates submitted the reference and a
known-wrong solution."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.config import REPO_ROOT
from app.models import utcnow
from app.runtime import Runtime
from app.services import assessments, attempts, invites


def copy_of_library(tmp: Path, slug: str) -> Path:
    root = tmp / "library"
    for part in ("challenges", "graders"):
        shutil.copytree(REPO_ROOT / part / slug, root / part / slug,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")  # the runner packages
    return root


async def assessment_with_two_submissions(runtime: Runtime, slug: str, title: str,
                                          wrong: str) -> tuple[int, list[int]]:
    """Ada submits the reference, Bob the known-wrong solution `wrong`; both are queued."""
    challenge = runtime.library[slug]
    async with runtime.sessions() as session:
        assessment = await assessments.create_assessment(
            session=session, title=title, challenges=[challenge], time_limit_min=60)
        submitted = []
        for name, files in (("Ada", challenge.reference), ("Bob", challenge.wrong[wrong])):
            _, token = await invites.create_invite(
                session=session, assessment_id=assessment.id, candidate_name=name,
                candidate_email=f"{name.lower()}@example.com", now=utcnow())
            ctx = await attempts.load(session=session, token=token, now=utcnow())
            await attempts.start(session=session, ctx=ctx, now=utcnow())
            ctx = await attempts.load(session=session, token=token, now=utcnow())
            sub = await attempts.submit(session=session, ctx=ctx, version=ctx.view.versions[0],
                                        files=files, kind="submit", now=utcnow())
            submitted.append(sub.id)
    return assessment.id, submitted
