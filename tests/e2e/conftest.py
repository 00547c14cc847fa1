"""Browser tests: a real Crucible process (with its grading workers) and Debian's Chromium
driven by Playwright. Data is seeded through the services, on the same database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from app.config import REPO_ROOT, Settings
from app.runtime import Runtime, open_runtime
from tests.servers import free_port

CHROMIUM = "/usr/bin/chromium"


class Server:
    def __init__(self, tmp: Path, library_root: Path = REPO_ROOT) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp / 'e2e.db'}",
                                 library_root=library_root, workers=2, secret_key="e2e-secret")
        self.log = tmp / "server.log"

    @contextmanager
    def running(self) -> Iterator[Server]:
        """`crucible serve` in a child process (with its grading workers) until the block ends."""
        env = os.environ | {
            "CRUCIBLE_DATABASE_URL": self.settings.database_url, "CRUCIBLE_PORT": str(self.port),
            "CRUCIBLE_WORKERS": "2", "CRUCIBLE_SECRET_KEY": "e2e-secret", "CRUCIBLE_ENV": "test",
            "CRUCIBLE_WORKER_POLL_S": "0.2",
            "CRUCIBLE_LIBRARY_ROOT": str(self.settings.library_root),
        }
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve"], cwd=REPO_ROOT,
                                env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"the server did not start:\n{self.log.read_text()[-3000:]}")
            yield self
        finally:
            proc.terminate()
            proc.wait(20)

    def seed(self, action):  # type: ignore[no-untyped-def]
        """Run `action(runtime)` against the server's database, from this process (in a
        thread of its own: Playwright's sync API keeps an event loop running in this one)."""
        async def run():  # type: ignore[no-untyped-def]
            runtime: Runtime = await open_runtime(self.settings)
            try:
                return await action(runtime)
            finally:
                await runtime.close()

        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with Server(tmp_path_factory.mktemp("e2e")).running() as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it)",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
