"""`crucible admin`: accounts and API tokens from the command line."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from app.config import REPO_ROOT

CRUCIBLE = str(REPO_ROOT / ".venv" / "bin" / "crucible")


def admin(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CRUCIBLE_DATABASE_URL": f"sqlite+aiosqlite:///{db}"}
    return subprocess.run([CRUCIBLE, "admin", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_create_user_with_a_prompted_password_then_a_token(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    created = admin(db, "create-user", "Boss@Example.com", "--role", "admin",
                    stdin="a long password\na long password\n")
    assert created.returncode == 0, created.stderr
    assert "created admin Boss@Example.com" in created.stdout
    assert "a long password" not in created.stdout

    issued = admin(db, "token", "boss@example.com", "--name", "ci")
    match = re.search(r"token (\d+) \(shown once\): (cru_\S+)", issued.stdout)
    assert issued.returncode == 0 and match
    revoked = admin(db, "revoke-token", match.group(1))
    assert revoked.returncode == 0 and "revoked" in revoked.stdout


def test_generated_password_is_printed_once_and_rules_give_clear_errors(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    created = admin(db, "create-user", "ada@example.com", "--generate")
    assert created.returncode == 0
    assert re.search(r"password \(shown once\): \S{20,}", created.stdout)
    again = admin(db, "create-user", "ada@example.com", "--generate")
    assert again.returncode == 2 and "already exists" in again.stderr
    bad_role = admin(db, "create-user", "x@example.com", "--role", "owner", "--generate")
    assert bad_role.returncode == 2 and "role must be one of" in bad_role.stderr
    unknown = admin(db, "token", "nobody@example.com")
    assert unknown.returncode == 2 and "no user" in unknown.stderr
    assert "Traceback" not in again.stderr + bad_role.stderr + unknown.stderr
