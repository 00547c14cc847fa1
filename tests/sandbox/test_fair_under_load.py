"""Fair under load: 4 worker processes grade 24 reference submissions of a SQLModel challenge at
once on this machine. The host-wide admission limit keeps the sandboxes from fighting over the
cores, and the limits measure the work, so every one passes: no false app_error or timeout."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from app.config import REPO_ROOT

pytestmark = [pytest.mark.sandbox]

SLUG = "n-plus-one-eager-loading"
WORKER = """
import asyncio, json, sys
from app.config import REPO_ROOT, get_settings
from app.grading.factory import make_sandbox
from app.library.loader import load_challenge

async def main(count):
    challenge = load_challenge(REPO_ROOT, sys.argv[1])
    sandbox = make_sandbox(get_settings())
    results = await asyncio.gather(*(sandbox.run(challenge.request(challenge.reference))
                                     for _ in range(count)))
    await sandbox.aclose()
    print(json.dumps([[r.verdict.value, r.score, r.detail] for r in results]))

asyncio.run(main(int(sys.argv[2])))
"""


def test_24_references_from_4_processes_all_pass() -> None:
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, SLUG, "6"], cwd=REPO_ROOT,
                                stdout=subprocess.PIPE, text=True) for _ in range(4)]
    results = []
    for proc in workers:
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0
        results += json.loads(out)
    verdicts = Counter(verdict for verdict, _, _ in results)
    assert len(results) == 24
    assert verdicts == {"passed": 24}, [r for r in results if r[0] != "passed"]
