"""Test helpers for knowledge checks: a library root whose bank is a small known one."""

from __future__ import annotations

from pathlib import Path

from app.config import REPO_ROOT, Settings

KNOWN_BANK = Path(__file__).parent / "fixtures" / "quizzes"
SINGLE_RIGHT = 2  # every known single-choice question: option 2 is right
MULTI_RIGHT = [1, 3]  # every known multiple-choice question (choose 2)


def root_with_known_bank(tmp_path: Path) -> Path:
    """The repository's challenges with tests/fixtures/quizzes as the whole bank."""
    root = tmp_path / "library"
    root.mkdir()
    for part in ("challenges", "graders"):
        (root / part).symlink_to(REPO_ROOT / part)
    (root / "quizzes").symlink_to(KNOWN_BANK)
    return root


def known_bank_settings(tmp_path: Path) -> Settings:
    """Settings of a test app whose question bank is the small known one."""
    return Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}",
                    library_root=root_with_known_bank(tmp_path), workers=0,
                    secret_key="test-secret")
