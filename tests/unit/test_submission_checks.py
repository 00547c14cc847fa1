"""What a candidate may submit: the starter's file names only, UTF-8 text, at most 256 KB a file.

Runs on a two-file fixture challenge (tests/fixtures/library/upload-checks) so that edits to the
real library do not move these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import InvalidSubmission
from app.library.loader import Challenge, load_challenge
from app.library.submission import MAX_FILE_BYTES, check_files

FIXTURE_LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "library"


@pytest.fixture(scope="module")
def challenge() -> Challenge:
    return load_challenge(FIXTURE_LIBRARY, "upload-checks")


def rejected(challenge: Challenge, files: dict[str, str | bytes]) -> str:
    with pytest.raises(InvalidSubmission) as caught:
        check_files(challenge.starter, files)
    assert caught.value.status_code == 422
    return str(caught.value)


def test_fixture_challenge_has_a_two_file_starter(challenge):
    assert sorted(challenge.starter) == ["solution.py", "store.py"]


def test_starter_files_pass_as_text(challenge):
    files = {"solution.py": challenge.starter["solution.py"],
             "store.py": challenge.starter["store.py"].encode("utf-8")}
    assert check_files(challenge.starter, files) == challenge.starter


def test_a_subset_of_the_starter_is_enough(challenge):
    files = {"store.py": "STATUS = 'ok'\n"}
    assert check_files(challenge.starter, files) == files


def test_unicode_text_is_accepted(challenge):
    text = "# café, naïve, 日本語 ✓\nSTATUS = 'ok'\n"
    assert check_files(challenge.starter, {"store.py": text.encode("utf-8")}) == {"store.py": text}


def test_empty_submission_is_rejected(challenge):
    assert rejected(challenge, {}) == "the submission has no files"


@pytest.mark.parametrize("name", [
    "evil.py", "Solution.py", "solution.pyc", "starter/solution.py", "../solution.py",
    "../../graders/upload-checks/test_hidden.py", "/sandbox/grader/conftest.py", "conftest.py",
])
def test_a_file_name_not_in_the_starter_is_rejected(challenge, name):
    message = rejected(challenge, {"solution.py": "app = None\n", name: "x = 1\n"})
    assert repr(name) in message
    assert "is not a file of this challenge" in message
    assert "allowed: solution.py, store.py" in message


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00x", b"x = '\xe9'\n", b"\xc3\x28", b"\xed\xa0\x80"])
def test_bytes_that_are_not_utf8_are_rejected(challenge, raw):
    message = rejected(challenge, {"solution.py": raw})
    assert message.startswith("solution.py is not UTF-8 text")


def test_a_lone_surrogate_is_rejected(challenge):
    message = rejected(challenge, {"solution.py": "x = '\ud800'\n"})
    assert message.startswith("solution.py is not valid Unicode text")


@pytest.mark.parametrize("content", ["x = 1\x00\n", b"x = 1\x00\n"])
def test_a_nul_byte_is_rejected(challenge, content):
    assert rejected(challenge, {"store.py": content}) == (
        "store.py contains a NUL byte; submit text only")


def test_exactly_256_kb_is_accepted(challenge):
    text = "#" * (MAX_FILE_BYTES - 1) + "\n"
    assert MAX_FILE_BYTES == 256 * 1024
    assert check_files(challenge.starter, {"solution.py": text}) == {"solution.py": text}


@pytest.mark.parametrize("content", [
    "#" * (MAX_FILE_BYTES + 1),
    ("#" * (MAX_FILE_BYTES + 1)).encode(),
    "é" * (MAX_FILE_BYTES // 2 + 1),  # fewer characters than the limit, more bytes
])
def test_more_than_256_kb_is_rejected(challenge, content):
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    message = rejected(challenge, {"solution.py": content})
    assert message == f"solution.py is {size} bytes; the limit is {MAX_FILE_BYTES}"


def test_the_first_bad_file_is_named(challenge):
    message = rejected(challenge, {"solution.py": "ok = 1\n", "store.py": b"\xff"})
    assert message.startswith("store.py is not UTF-8 text")
