"""The floor: the same hidden tests run in-process on the host with pytest (no sandbox).

The app is served by Starlette's TestClient inside the pytest process; the time includes
interpreter start and imports, as a sandbox run does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.config import REPO_ROOT
from app.library.loader import Challenge

CONFTEST = '''
import importlib.util, sys
import pytest
from starlette.testclient import TestClient

sys.path.insert(0, {app_dir!r})
_spec = importlib.util.spec_from_file_location("solution", {module!r})
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)


@pytest.fixture(scope="session")
def _app_client():
    with TestClient(_module.app) as c:
        yield c


@pytest.fixture
def client(_app_client):
    return _app_client


@pytest.fixture
def base_url():
    return "http://testserver"
'''


def floor_run(challenge: Challenge) -> float:
    """Seconds for one in-process pytest run of the hidden tests against the reference."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app_dir = folder / "app"
        app_dir.mkdir()
        for name, text in challenge.reference.items():
            (app_dir / name).write_text(text)
        tests = folder / "tests"
        tests.mkdir()
        for name, text in challenge.hidden.items():
            (tests / name).write_text(text)
        (tests / "conftest.py").write_text(CONFTEST.format(
            app_dir=str(app_dir), module=str(app_dir / challenge.meta.module_file)))
        env = {k: v for k, v in os.environ.items() if not k.startswith("CRUCIBLE_")}
        env["PYTHONPATH"] = str(REPO_ROOT / "graders" / "runtime")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "crucible_plugin", "-p",
             "no:cacheprovider", "-c", "/dev/null", "--rootdir", str(tests), str(tests)],
            capture_output=True, text=True, env=env, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"floor run failed for {challenge.slug}:\n{proc.stdout[-2000:]}")
        return elapsed
