"""`crucible library sync` and `export`: files and database in step."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from app.cli_library import export, sync
from app.config import Settings
from app.errors import Conflict, NotFound
from app.models import ChallengeVersion, User
from app.runtime import open_runtime
from app.services import authoring
from tests.libraries import copy_of_library

SLUG = "health-and-typed-path-params"
REFERENCE = f"graders/{SLUG}/reference/solution.py"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    root = copy_of_library(tmp_path, SLUG)
    return Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path / 't.db'}",
                    library_root=root, workers=0, secret_key="s")


async def test_publish_writes_files_and_export_restores_them(settings: Settings) -> None:
    root = settings.library_root
    assert "1 challenges loaded; 1 challenge versions" in await sync(settings)
    runtime = await open_runtime(settings)
    try:
        async with runtime.sessions() as session:
            admin = User(email="a@example.com", role="admin", password_hash="x")
            session.add(admin)
            await session.commit()
            draft = await authoring.draft_for(session=session, slug=SLUG, root=root, user=admin)
            files = dict(draft.files)
            files[REFERENCE] = files[REFERENCE] + "\n# published from the browser\n"
            assert await authoring.save_draft(session=session, draft=draft, files=files) == ""
            with pytest.raises(Conflict, match="validate this exact content first"):
                await authoring.publish(session=session, draft=draft, root=root,
                                        library=runtime.library, user=admin)
            # what a passing sandbox validation records (the sandbox itself is tested elsewhere)
            version = authoring.load_files(SLUG, files).version
            draft.validation = {"state": "done", "version": version, "ok": True, "checks": []}
            session.add(draft)
            await session.commit()
            published = await authoring.publish(session=session, draft=draft, root=root,
                                                library=runtime.library, user=admin)
            assert published.version == version == runtime.library[SLUG].version
    finally:
        await runtime.close()
    assert (root / REFERENCE).read_text().endswith("# published from the browser\n")
    (root / REFERENCE).write_text("broken on disk\n")
    assert "wrote" in await export(settings, SLUG, None)
    assert (root / REFERENCE).read_text().endswith("# published from the browser\n")
    assert "2 challenge versions" in await sync(settings)
    with pytest.raises(NotFound):
        await export(settings, SLUG, "0" * 16)
    runtime = await open_runtime(settings)
    try:
        async with runtime.sessions() as session:
            rows = (await session.exec(select(ChallengeVersion))).all()
        assert len(rows) == 2  # syncing unchanged files adds nothing
    finally:
        await runtime.close()


def test_paths_outside_the_challenge_are_refused() -> None:
    from app.errors import DomainError

    for bad in ("app/main.py", f"graders/{SLUG}/../x.py", f"challenges/other/{SLUG}.md",
                f"graders/{SLUG}/a b.py"):
        with pytest.raises(DomainError):
            authoring.check_path(SLUG, bad)
    assert authoring.check_path(SLUG, f"graders/{SLUG}/wrong/x.toml").endswith("x.toml")


async def test_a_process_picks_up_a_challenge_another_one_published(settings: Settings) -> None:
    """Two processes share the library folder: the one that did not publish reloads the
    changed files the next time staff look at the library or build an assessment."""
    other = await open_runtime(settings)
    try:
        before = other.library[SLUG].version
        assert await other.current_library() is other.library  # nothing changed: no reload
        reference = settings.library_root / REFERENCE
        reference.write_text(reference.read_text() + "\n# changed by another process\n")
        library = await other.current_library()
        assert library[SLUG].version != before
        async with other.sessions() as session:
            rows = (await session.exec(select(ChallengeVersion))).all()
        assert {r.version for r in rows} == {before, library[SLUG].version}
    finally:
        await other.close()
