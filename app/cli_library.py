"""`crucible library sync` and `crucible library export`: the library folder and the database
in step (the files are the source of truth; a version published in the browser is written to
the files when it is published, and can be written again from the database with export)."""

from __future__ import annotations

from sqlmodel import select

from app.config import Settings
from app.errors import NotFound
from app.models import ChallengeSource, ChallengeVersion
from app.runtime import open_runtime
from app.services.authoring import write_files


async def sync(settings: Settings) -> str:
    """Opening the runtime imports the files: a version for every new challenge content and
    every new question text."""
    runtime = await open_runtime(settings)
    try:
        async with runtime.sessions() as session:
            versions = len((await session.exec(select(ChallengeVersion.id))).all())
        broken = "".join(f"\nleft out {slug}: {why}" for slug, why in runtime.broken.items())
        return (f"{len(runtime.library)} challenges loaded; {versions} challenge versions in "
                f"the database{broken}")
    finally:
        await runtime.close()


async def export(settings: Settings, slug: str, version: str | None) -> str:
    runtime = await open_runtime(settings)
    try:
        async with runtime.sessions() as session:
            query = (select(ChallengeSource, ChallengeVersion)
                     .join(ChallengeVersion,
                           ChallengeVersion.id == ChallengeSource.published_version_id)
                     .where(ChallengeSource.slug == slug, ChallengeSource.state == "published"))
            if version:
                query = query.where(ChallengeVersion.version == version)
            found = (await session.exec(query.order_by(ChallengeSource.id.desc()))).first()
        if found is None:
            raise NotFound(f"no version of {slug!r} published in the browser"
                           + (f" with hash {version}" if version else ""))
        source, row = found
        write_files(settings.library_root, slug, source.files)
        return f"wrote {len(source.files)} files of {slug} version {row.version}"
    finally:
        await runtime.close()
