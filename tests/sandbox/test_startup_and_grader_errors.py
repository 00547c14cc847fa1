"""Apps that never serve and graders that crash: the verdict names who is at fault, the candidate
sees the traceback of their own app (never the grader's), and the next good run passes."""

from __future__ import annotations

import pytest

from app.grading.contract import Verdict

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]

SLEEPS_AT_IMPORT = '''
import time

time.sleep(3600)
'''

NO_APP = '''
from fastapi import FastAPI

application = FastAPI()  # not `app`
'''


async def test_app_that_never_starts_is_an_app_error(grading):
    runs = await grading.attacks(**{"never starts: sleeps at import": SLEEPS_AT_IMPORT,
                                    "never starts: no `app`": NO_APP})
    sleeper, no_app = runs.values()
    for run in runs.values():
        assert run.verdict is Verdict.APP_ERROR, run.describe()
        assert run.result.score == 0.0
        run.assert_bounded()
    assert sleeper.result.detail == "the app did not start listening in time"
    # Given up after startup_s, measured inside the container, without waiting for wall_s.
    startup_ms = grading.limits.startup_s * 1000
    assert startup_ms <= sleeper.result.startup_ms < startup_ms + 1000
    assert "exited with code 1" in no_app.result.detail
    assert "solution.py defines no `app`" in no_app.result.candidate_log
    assert "defines no `app`" in no_app.result.candidate_view()["app_log"]
    await grading.good("an app that never starts")


SYNTAX_ERROR = '''
from fastapi import FastAPI

app = FastAPI()
def secret(:
    return "nope"
'''


async def test_syntax_error_shows_the_traceback(grading):
    run = await grading.run("syntax error", SYNTAX_ERROR, attack=False)
    assert run.verdict is Verdict.APP_ERROR, run.describe()
    log = run.result.candidate_log
    assert "SyntaxError" in log
    assert 'File "/sandbox/app/solution.py", line 5' in log
    assert "def secret(:" in log
    assert run.result.candidate_view()["app_log"] == log  # the candidate sees it
    await grading.good("a syntax error")


BROKEN_TESTS = {
    "grader crash: syntax error": 'def test_secret(client)\n    assert client.get("/secret")\n',
    "grader crash: raises at import": (
        'raise RuntimeError("the grader cannot find its data")\n\n\n'
        'def test_secret(client):\n    assert client.get("/secret").status_code == 200\n'
    ),
}


async def test_crashing_grader_is_a_grader_error(grading):
    runs = await grading.attacks_with_tests(
        {case: {"test_hidden.py": tests} for case, tests in BROKEN_TESTS.items()}
    )
    for case, run in runs.items():
        assert run.verdict is Verdict.GRADER_ERROR, run.describe()
        assert run.result.score == 0.0
        assert not run.result.verdict.is_candidate_outcome
        view = run.result.candidate_view()
        assert view["detail"] == "" and view["app_log"] == ""  # nothing of the grader leaks
        expected = "SyntaxError" if "syntax" in case else "the grader cannot find its data"
        assert expected in run.result.grader_log, run.describe()
    await grading.good("a crashing grader")
