"""Known-wrong solutions written as edit scripts of the reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ChallengeFormatError
from app.library.edits import EditScript, apply_edits, load_edit_script
from app.library.loader import load_challenge, runner_packages

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = {"solution.py": "x = 1\nif x == 1:\n    y = 201\n", "other.py": "a = 1\na = 1\n"}


def script(*steps: dict[str, object]) -> EditScript:
    return EditScript.model_validate({"why": "a test edit", "replace": list(steps)})


def test_replacement_applies_to_the_default_file_and_keeps_the_input() -> None:
    edited = apply_edits(REFERENCE, script({"old": "y = 201", "new": "y = 200"}), "solution.py")
    assert edited["solution.py"] == "x = 1\nif x == 1:\n    y = 200\n"
    assert REFERENCE["solution.py"].endswith("y = 201\n")


def test_replacement_in_a_named_file_and_all_occurrences() -> None:
    step = {"old": "a = 1", "new": "a = 2", "file": "other.py", "all": True}
    assert apply_edits(REFERENCE, script(step), "solution.py")["other.py"] == "a = 2\na = 2\n"


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        ({"old": "z = 3", "new": ""}, "is not in solution.py"),
        ({"old": "a = 1", "new": "", "file": "other.py"}, "occurs 2 times"),
        ({"old": "x", "new": "", "file": "missing.py"}, "names no file"),
    ],
)
def test_an_edit_that_no_longer_applies_is_a_format_error(step: dict[str, object],
                                                          problem: str) -> None:
    with pytest.raises(ChallengeFormatError, match=problem):
        apply_edits(REFERENCE, script(step), "solution.py")


def test_edit_scripts_reject_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('why = "a mistake"\nseverity = 3\n[[replace]]\nold = "a"\nnew = "b"\n')
    with pytest.raises(ChallengeFormatError, match="severity"):
        load_edit_script(path)


def test_the_library_loads_edit_scripts_as_wrong_solutions() -> None:
    challenge = load_challenge(ROOT, "health-and-typed-path-params")
    wrong = challenge.wrong["upper_bound_exclusive"]["solution.py"]
    assert "Path(gt=0, lt=MAX_ITEM_ID," in wrong
    assert wrong != challenge.reference["solution.py"]


def test_runner_packages_come_from_the_runner_group() -> None:
    packages = runner_packages(ROOT)
    assert {"fastapi", "python-multipart", "pyjwt", "sqlmodel"} <= packages
    assert "playwright" not in packages
