"""Runs a question's `verify` snippet against the installed (pinned) libraries.

A snippet is plain Python that asserts the behaviour the answer depends on, for example that
`HTTPBearer` answers 401 without credentials. It runs in a fresh namespace in a child process
(so snippets cannot disturb each other or the caller); an AssertionError or any exception means
the bank has drifted from the libraries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

PRELUDE = "import warnings\nwarnings.simplefilter('ignore')\n"


@dataclass(frozen=True)
class Verification:
    question_id: str
    ok: bool
    output: str


def run_snippets(snippets: dict[str, str], timeout_s: float = 120.0) -> list[Verification]:
    """Every snippet in one child interpreter, each in its own namespace; one report per id."""
    program = PRELUDE + "import json, sys, traceback\nresults = {}\n"
    program += f"snippets = {snippets!r}\n"
    program += (
        "for qid, code in snippets.items():\n"
        "    try:\n"
        "        exec(compile(code, f'<verify {qid}>', 'exec'), {'__name__': '__verify__'})\n"
        "        results[qid] = ''\n"
        "    except BaseException:\n"
        "        results[qid] = traceback.format_exc(limit=3) or 'failed'\n"
        "sys.stdout.write('\\nVERIFY-RESULTS ' + json.dumps(results))\n"
    )
    # The program goes in on stdin: with hundreds of snippets it outgrows one argument.
    run = subprocess.run([sys.executable, "-"], input=program, capture_output=True, text=True,
                         timeout=timeout_s, check=False)
    marker = run.stdout.rfind("VERIFY-RESULTS ")
    if marker < 0:
        return [Verification(qid, False, run.stderr[-2000:]) for qid in snippets]
    results: dict[str, str] = json.loads(run.stdout[marker + len("VERIFY-RESULTS "):])
    return [Verification(qid, results.get(qid, "not run") == "", results.get(qid, "not run"))
            for qid in snippets]
