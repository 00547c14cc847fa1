"""`crucible grade` and `crucible library validate` as a user runs them, on real containers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.config import REPO_ROOT
from app.library.loader import load_challenge

pytestmark = pytest.mark.sandbox
SLUG = "health-and-typed-path-params"
CRUCIBLE = [str(REPO_ROOT / ".venv" / "bin" / "crucible")]


def crucible(*args: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | ({"CRUCIBLE_LIBRARY_ROOT": str(root)} if root else {})
    return subprocess.run([*CRUCIBLE, *args], capture_output=True, text=True, env=env,
                          cwd=REPO_ROOT, timeout=300, check=False)


def copy_challenge(tmp_path: Path, slug: str = SLUG) -> Path:
    for part in ("challenges", "graders"):
        shutil.copytree(REPO_ROOT / part / slug, tmp_path / part / slug)
    return tmp_path


def test_grade_reference_exits_0_with_every_test_listed() -> None:
    run = crucible("grade", f"challenges/{SLUG}", f"graders/{SLUG}/reference/solution.py")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("verdict: passed   score: 100%")
    assert run.stdout.count("PASS") == 11


def test_grade_wrong_solution_exits_1_and_json_has_the_failing_test(tmp_path: Path) -> None:
    wrong = tmp_path / "solution.py"  # the edit script applied to the reference
    wrong.write_text(load_challenge(REPO_ROOT, SLUG).wrong["upper_bound_exclusive"]["solution.py"])
    run = crucible("grade", f"challenges/{SLUG}", str(wrong), "--json")
    assert run.returncode == 1, run.stderr
    result = json.loads(run.stdout)
    assert result["verdict"] == "failed"
    failing = [t["id"] for t in result["tests"] if not t["passed"]]
    assert failing == ["test_id_upper_bound"]
    assert result["image"].startswith("sha256:")


def test_grade_with_a_broken_grader_exits_2(tmp_path: Path) -> None:
    root = copy_challenge(tmp_path)
    (root / "graders" / SLUG / "test_broken.py").write_text("def test_x(:\n")
    run = crucible("grade", str(root / "challenges" / SLUG),
                   f"graders/{SLUG}/reference/solution.py")
    assert run.returncode == 2
    assert "verdict: grader_error" in run.stdout


def test_grade_refuses_bad_input_with_a_message(tmp_path: Path) -> None:
    binary = tmp_path / "solution.py"
    binary.write_bytes(b"\xff\xfe not text")
    run = crucible("grade", f"challenges/{SLUG}", str(binary))
    assert run.returncode == 2
    assert "not UTF-8 text" in run.stderr and "Traceback" not in run.stderr


def test_validate_fails_when_a_wrong_solution_is_actually_right(tmp_path: Path) -> None:
    root = copy_challenge(tmp_path)
    wrong = root / "graders" / SLUG / "wrong"
    for extra in list(wrong.iterdir())[3:]:
        extra.unlink()  # keep three, so the run stays short
    shutil.copy(root / "graders" / SLUG / "reference" / "solution.py", wrong / "not_wrong.py")
    run = crucible("library", "validate", root=root)
    assert run.returncode == 1, run.stdout
    row = next(line for line in run.stdout.splitlines() if "wrong/not_wrong" in line)
    assert row.split()[-1] == "FAIL" and "passed 100%" in row
    assert "0/1 challenges valid; failing: health-and-typed-path-params" in run.stdout
