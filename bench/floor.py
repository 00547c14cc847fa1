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


def _lay_out(challenge: Challenge, folder: Path, app_root: Path) -> None:
    """The reference, the hidden tests and a conftest serving the app in-process."""
    (folder / "app").mkdir()
    for name, text in challenge.reference.items():
        (folder / "app" / name).write_text(text)
    (folder / "tests").mkdir()
    for name, text in challenge.hidden.items():
        (folder / "tests" / name).write_text(text)
    (folder / "tests" / "conftest.py").write_text(CONFTEST.format(
        app_dir=str(app_root / "app"), module=str(app_root / "app" / challenge.meta.module_file)))


def _pytest_args(tests: str) -> list[str]:
    return ["-m", "pytest", "-q", "-p", "crucible_plugin", "-p", "no:cacheprovider",
            "-c", "/dev/null", "--rootdir", tests, tests]


def floor_run(challenge: Challenge) -> float:
    """Seconds for one in-process pytest run of the hidden tests against the reference,
    with the host's interpreter."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _lay_out(challenge, folder, folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CRUCIBLE_")}
        env |= {"PYTHONPATH": str(REPO_ROOT / "graders" / "runtime"),
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, *_pytest_args(str(folder / "tests"))],
                              capture_output=True, text=True, env=env, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"floor run failed for {challenge.slug}:\n{proc.stdout[-2000:]}")
        return elapsed


IMAGE_TIMER = (
    "import subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:]); "
    "print(f'{time.perf_counter() - t:.4f}' if r.returncode == 0 else 'failed')"
)


def floor_run_in_image(challenge: Challenge, image: str) -> float:
    """The same in-process run with the runner image's interpreter, timed inside the container
    (no sandbox, no second process, no docker start-up counted)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _lay_out(challenge, folder, Path("/bench"))
        proc = subprocess.run(
            ["docker", "run", "--rm", "--network", "none", "-v", f"{folder}:/bench:ro",
             "-e", "PYTHONPATH=/opt/crucible", "-e", "PYTEST_DISABLE_PLUGIN_AUTOLOAD=1",
             "-e", "PYTHONDONTWRITEBYTECODE=1", "--entrypoint", "/opt/venv/bin/python", image,
             "-c", IMAGE_TIMER, "/opt/venv/bin/python", *_pytest_args("/bench/tests")],
            capture_output=True, text=True, check=False)
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "failed"
        if last == "failed":
            raise RuntimeError(f"in-image floor failed:\n{proc.stdout[-2000:]}{proc.stderr}")
        return float(last)
