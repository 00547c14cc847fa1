"""Shared fixtures: a fresh temporary database per test, settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.config import REPO_ROOT, Settings
from app.main import create_app
from app.runtime import Runtime, open_runtime


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}",
                    library_root=REPO_ROOT, workers=0, lease_s=3.0, worker_poll_s=0.05,
                    secret_key="test-secret")


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    rt = await open_runtime(settings)
    try:
        yield rt
    finally:
        await rt.close()


@pytest.fixture
async def app(settings: Settings):  # type: ignore[no-untyped-def]
    """The web app on the test database, without grading workers."""
    application = create_app(settings, start_workers=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as c:
        yield c


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last, however the suite is invoked: Playwright's sync API keeps an
    event loop running in the main thread while its browser is open."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
