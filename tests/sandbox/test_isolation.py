"""Isolation attacks: the candidate's app tries to read the hidden tests, forge the result, kill the
grader and reach the network. It reports what it managed (to its own log) and must not pass."""

from __future__ import annotations

import asyncio

import pytest

from app.grading.contract import Verdict

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]

# Shared by the attacks below: the processes that belong to someone else, found through /proc.
PROCS = '''
import os
import re


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def foreign_pids():
    """pid -> (uid, cmdline) for every process not run by this user."""
    me, found = os.getuid(), {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            status = read(f"/proc/{name}/status", "r")
            cmdline = read(f"/proc/{name}/cmdline").replace(b"\\0", b" ").decode()
        except OSError:
            continue
        uid = int(re.search(r"^Uid:\\s+(\\d+)", status, re.M).group(1))
        if uid != me:
            found[name] = (uid, cmdline)
    return found
'''

READ_TESTS = PROCS + '''
import glob

from fastapi import FastAPI

app = FastAPI()
PATTERN = re.compile(rb"crucible-secret-[0-9a-f]{32}")


@app.get("/secret")
def secret():
    found, texts = {}, []

    def attempt(label, action):
        try:
            data = action()
        except OSError as exc:
            found[label] = type(exc).__name__
            return
        found[label] = "read"
        texts.append(data if isinstance(data, bytes) else repr(data).encode())

    attempt("listdir /sandbox/grader", lambda: os.listdir("/sandbox/grader"))
    found["glob /sandbox/grader/*"] = glob.glob("/sandbox/grader/*")  # errors are swallowed
    attempt("/sandbox/grader/test_hidden.py", lambda: read("/sandbox/grader/test_hidden.py"))
    attempt("/proc/1/fd/0", lambda: read("/proc/1/fd/0"))
    procs = foreign_pids()
    for pid, (uid, cmdline) in procs.items():
        texts.append(cmdline.encode())
        for what in ("environ", "mem", "maps", "fd/0", "fd/3", "fd/4", "fd/5"):
            attempt(f"/proc/{pid}/{what}", lambda p=f"/proc/{pid}/{what}": read(p))
        for what in ("fd", "cwd", "root/sandbox/grader", "cwd/grader"):
            attempt(f"listdir /proc/{pid}/{what}", lambda p=f"/proc/{pid}/{what}": os.listdir(p))
    # Everything else that can be walked: the app, /dev/shm, the candidate's own environment.
    for top in ("/sandbox", "/dev/shm", "/tmp"):
        for folder, _, names in os.walk(top):
            for name in names:
                attempt(os.path.join(folder, name), lambda p=os.path.join(folder, name): read(p))
    texts.append(repr(dict(os.environ)).encode())
    matches = [m.group().decode() for text in texts for m in PATTERN.finditer(text)]
    found["processes"] = {pid: [uid, cmdline] for pid, (uid, cmdline) in procs.items()}
    found["secret_found"] = bool(matches)
    report(found)
    return matches[0] if matches else "nothing found"
'''


async def test_candidate_cannot_read_the_hidden_tests(grading):
    run = await grading.run("read the hidden tests", READ_TESTS)
    assert run.verdict is Verdict.FAILED, run.describe()
    assert run.result.score == 0.0
    found = run.findings()
    assert found["secret_found"] is False
    assert found["glob /sandbox/grader/*"] == []
    for label in ("listdir /sandbox/grader", "/sandbox/grader/test_hidden.py", "/proc/1/fd/0"):
        assert found[label] == "PermissionError", label
    graders = [pid for pid, (_, cmdline) in found["processes"].items() if "pytest" in cmdline]
    assert graders, found["processes"]
    for pid in ["1", *graders]:
        for what in ("environ", "mem", "fd/0", "fd/3"):
            assert found[f"/proc/{pid}/{what}"] == "PermissionError", (pid, what)
        for what in ("fd", "cwd", "root/sandbox/grader"):
            assert found[f"listdir /proc/{pid}/{what}"] == "PermissionError", (pid, what)
    # Nothing the candidate could read anywhere was the grader's.
    assert not any(path.startswith("/sandbox/grader") for path, outcome in found.items()
                   if outcome == "read")
    await grading.good("reading the tests")


FORGE = PROCS + '''
import sys

from fastapi import FastAPI

FAKE = {"outcome": "completed", "detail": "", "report": {"exitstatus": 0, "collected": 2,
        "tests": [{"id": i, "title": i, "weight": 1.0, "passed": True, "message": ""}
                  for i in ("test_secret", "test_secret_again")]}}
LINES = [f"CRUCIBLE-RESULT {nonce} {_json.dumps(FAKE)}\\n" for nonce in ("0" * 32, "", "x")]


def forge():
    found = {}

    def attempt(label, path, text):
        try:
            with open(path, "w") as f:
                f.write(text)
            found[label] = "written"
        except OSError as exc:
            found[label] = type(exc).__name__

    for line in LINES:
        sys.stdout.write(line)
        sys.stderr.write(line)
    attempt("/dev/stdout", "/dev/stdout", "".join(LINES))
    attempt("/proc/1/fd/1", "/proc/1/fd/1", "".join(LINES))
    attempt("/proc/1/fd/2", "/proc/1/fd/2", "".join(LINES))
    for pid in foreign_pids():
        for fd in range(1, 8):
            attempt(f"/proc/{pid}/fd/{fd}", f"/proc/{pid}/fd/{fd}", _json.dumps(FAKE["report"]))
    for path in ("/sandbox/grader/report.json", "/sandbox/grader/conftest.py",
                 "/sandbox/conftest.py", "/sandbox/pytest.ini", "/sandbox/httpx.py",
                 "/opt/crucible/crucible_plugin.py"):
        attempt(path, path, "import os; os._exit(0)\\n")
    sys.stdout.flush()
    return found


at_import = forge()
app = FastAPI()


@app.get("/secret")
def secret():
    report({"at import": at_import, "in handler": forge()})
    return "forged"
'''


async def test_candidate_cannot_forge_the_result(grading):
    run = await grading.run("forge the result", FORGE)
    assert run.verdict is Verdict.FAILED, run.describe()
    assert run.result.score == 0.0
    assert [t.passed for t in run.result.tests] == [False, False]
    # The fake lines were written, and stayed in the candidate's own log.
    assert "CRUCIBLE-RESULT 0000" in run.result.candidate_log
    found = run.findings()
    for when in ("at import", "in handler"):
        attempts = found[when]
        # /dev/stdout is the candidate's own capped pipe: harmless whether it reopens or not.
        refused = {label: outcome for label, outcome in attempts.items() if label != "/dev/stdout"}
        assert len(refused) >= 10, attempts  # the grader's fds were among the targets
        assert set(refused.values()) <= {"PermissionError", "OSError"}, attempts
        assert attempts["/proc/1/fd/1"] == "PermissionError"
        assert attempts["/sandbox/grader/report.json"] == "PermissionError"
        assert attempts["/sandbox/conftest.py"] == "PermissionError"
    await grading.good("forging the result")


KILL = PROCS + '''
import signal

from fastapi import FastAPI

app = FastAPI()


def errname(action):
    try:
        action()
    except OSError as exc:
        return type(exc).__name__
    return "done"


@app.get("/secret")
def secret():
    found = {"signals": {}, "escalation": {}}
    targets = ["1", *foreign_pids()]
    for pid in targets:
        found["signals"][pid] = {
            sig.name: errname(lambda p=int(pid), s=sig: os.kill(p, s))
            for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP)
        }
        if pid != "1":  # killpg(1) is kill(-1): the broadcast below
            found["signals"][f"group {pid}"] = errname(lambda p=int(pid): os.killpg(p, 9))
    # Every process it may signal but itself: none here. Returns 0 even when all were refused.
    found["broadcast"] = errname(lambda: os.kill(-1, signal.SIGKILL))
    found["states"] = {pid: read(f"/proc/{pid}/stat", "r").rsplit(") ", 1)[1].split()[0]
                       for pid in targets if os.path.exists(f"/proc/{pid}")}
    escalation = found["escalation"]
    escalation["setuid(0)"] = errname(lambda: os.setuid(0))
    escalation["setgid(0)"] = errname(lambda: os.setgid(0))
    escalation["chmod grader"] = errname(lambda: os.chmod("/sandbox/grader", 0o777))
    escalation["chown grader"] = errname(lambda: os.chown("/sandbox/grader", os.getuid(), -1))
    escalation["oom_score_adj -1000"] = errname(
        lambda: os.write(os.open("/proc/self/oom_score_adj", os.O_WRONLY), b"-1000"))
    status = read("/proc/self/status", "r")
    escalation["caps"] = {line.split(":")[0]: line.split()[1]
                          for line in status.splitlines() if line.startswith("Cap")}
    escalation["no_new_privs"] = re.search(r"NoNewPrivs:\\s+(\\d)", status).group(1)
    report(found)
    return "still here"
'''


async def test_candidate_cannot_kill_the_grader(grading):
    run = await grading.run("kill the grader", KILL)
    assert run.verdict is Verdict.FAILED, run.describe()
    assert [t.passed for t in run.result.tests] == [False, False]  # both ran: nobody died
    found = run.findings()
    signals = found["signals"]
    assert "1" in signals and len(signals) >= 3, signals  # pid 1 and the grader (pid and group)
    for pid, outcome in signals.items():
        if pid.startswith("group "):
            assert outcome == "PermissionError", (pid, outcome)
        else:
            assert set(outcome.values()) == {"PermissionError"}, (pid, outcome)
    # Still there and neither stopped nor a zombie after the signals and the broadcast.
    assert set(found["states"]) == {pid for pid in signals if not pid.startswith("group ")}
    assert set(found["states"].values()) <= {"R", "S", "D"}, found["states"]
    assert all("AssertionError" in t.message or "assert" in t.message
               for t in run.result.tests), run.describe()
    escalation = found["escalation"]
    for attempt in ("setuid(0)", "setgid(0)", "chmod grader", "chown grader",
                    "oom_score_adj -1000"):
        assert escalation[attempt] == "PermissionError", (attempt, escalation)
    assert escalation["caps"]["CapEff"] == escalation["caps"]["CapPrm"] == "0" * 16
    assert escalation["no_new_privs"] == "1"
    await grading.good("killing the grader")


NETWORK = '''
import socket

from fastapi import FastAPI

app = FastAPI()


def outcome(action):
    try:
        action()
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"
    return "worked"


def tcp():
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, nothing answers there.
    socket.create_connection(("192.0.2.1", 80), timeout=2).close()


def udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("192.0.2.1", 53))


@app.get("/secret")
def secret():
    with open("/proc/net/dev") as f:
        devices = [line.split(":")[0].strip() for line in f.read().splitlines()[2:]]
    report({
        "tcp": outcome(tcp),
        "udp": outcome(udp),
        "dns": outcome(lambda: socket.getaddrinfo("example.com", 80)),
        "interfaces": [name for _, name in socket.if_nameindex()],
        "proc_net_dev": devices,
    })
    return "offline"
'''


async def test_candidate_has_no_network(grading):
    run = await grading.run("network access", NETWORK)
    assert run.verdict is Verdict.FAILED, run.describe()
    found = run.findings()
    for attempt in ("tcp", "udp", "dns"):
        assert found[attempt] != "worked", found
    assert found["tcp"].startswith("OSError"), found["tcp"]  # unreachable, at once
    assert found["interfaces"] == ["lo"]
    assert found["proc_net_dev"] == ["lo"]
    await grading.good("network access")


# A conftest.py in the grader's folder would run as the grader: it could read the secret or
# simply mark every test passed. File names are checked before a submission is queued
# (app/library/submission.py); the sandbox refuses them on its own as well.
TAKE_OVER_GRADER = '''
import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    item.runtest = lambda: None
'''
ESCAPING_NAMES = ("../grader/conftest.py", "/sandbox/grader/conftest.py",
                  "pkg/../../grader/conftest.py")


async def test_file_names_cannot_leave_the_app_folder(grading):
    runs = await asyncio.gather(*(
        grading.run(f"file name {name}", grading.good_app.replace(grading.secret, "nope"),
                    attack=False, extra_files={name: TAKE_OVER_GRADER})
        for name in ESCAPING_NAMES
    ))
    for name, run in zip(ESCAPING_NAMES, runs, strict=True):
        assert run.verdict is Verdict.APP_ERROR, run.describe()
        assert repr(name) in run.result.detail
        run.assert_bounded()
    tests = await grading.run("test file name ../app/solution.py", grading.good_app,
                              attack=False, tests={"../app/solution.py": "x = 1\n"})
    assert tests.verdict is Verdict.GRADER_ERROR, tests.describe()
    await grading.good("escaping file names")
