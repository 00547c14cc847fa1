"""Resource attacks: CPU, memory, processes, disk and output. Each must end in bounded time with a
verdict that is not `passed`, and a good submission graded right after must pass in full."""

from __future__ import annotations

import pytest

from app.grading.contract import Verdict
from app.grading.sandbox import CANDIDATE_LOG_CAP

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]

MB = 1024 * 1024

LOOP_ASYNC = '''
from fastapi import FastAPI

app = FastAPI()


@app.get("/secret")
async def secret():
    while True:  # blocks the event loop for good
        pass
'''

LOOP_SYNC = '''
from fastapi import FastAPI

app = FastAPI()


@app.get("/secret")
def secret():
    n = 0
    while True:  # spins in the thread pool
        n += 1
'''


async def test_infinite_loop_times_out(grading):
    runs = await grading.attacks(**{"loop: async handler": LOOP_ASYNC,
                                    "loop: sync handler": LOOP_SYNC})
    for run in runs.values():
        assert run.verdict is Verdict.TIMEOUT, run.describe()
        assert run.result.score == 0.0
        run.assert_bounded()
    await grading.good("infinite loop")


MEMORY_AT_IMPORT = '''
hoard = []
for _ in range(64):  # 4 GB, 64 MB at a time, every page touched
    hoard.append(b"x" * (64 << 20))

from fastapi import FastAPI

app = FastAPI()
'''

MEMORY_IN_HANDLER = '''
from fastapi import FastAPI

app = FastAPI()
hoard = []


@app.get("/secret")
def secret():
    for _ in range(64):
        hoard.append(b"x" * (64 << 20))
    return "never"
'''


async def test_memory_bomb_hits_the_memory_limit(grading):
    runs = await grading.attacks(**{"memory: at import": MEMORY_AT_IMPORT,
                                    "memory: in handler": MEMORY_IN_HANDLER})
    for run in runs.values():
        assert run.verdict is Verdict.MEMORY_LIMIT, run.describe()
        assert run.result.score == 0.0
        run.assert_bounded()
    await grading.good("memory bomb")


FORK_IN_THREAD = '''
import os
import threading

from fastapi import FastAPI


def bomb():
    while True:
        try:
            os.fork()
        except OSError:
            pass


threading.Thread(target=bomb, daemon=True).start()
app = FastAPI()


@app.get("/secret")
def secret():
    return "nope"
'''

FORK_IN_HANDLER_ESCAPING = '''
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/secret")
def secret():
    forked = 0
    while True:
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:  # leave the app's process group, then keep multiplying
            os.setsid()
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
        forked += 1
    report({"forked": forked})
    return "nope"
'''


async def test_fork_bomb_is_contained(grading):
    runs = await grading.attacks(**{"fork bomb: thread at import": FORK_IN_THREAD,
                                    "fork bomb: handler, setsid": FORK_IN_HANDLER_ESCAPING})
    for run in runs.values():
        run.assert_not_passed()
    # The pids limit stopped the handler's loop long before it exhausted anything outside.
    escaping = runs["fork bomb: handler, setsid"]
    if escaping.verdict is Verdict.FAILED:
        assert escaping.findings()["forked"] < grading.limits.pids
    await grading.good("fork bomb")


DISK_FILL = '''
import errno
import os

from fastapi import FastAPI

app = FastAPI()
CHUNK = b"x" * (1 << 20)
TARGETS = ["HOME", "TMPDIR", "/sandbox", "/sandbox/app", "/sandbox/launcher", "/", "/tmp",
           "/var/tmp", "/opt/crucible", "/dev/shm"]


def fill(folder, tag):
    """Write 1 MB chunks into new files until the folder refuses more."""
    written, largest, error = 0, 0, None
    for i in range(1000):
        try:
            path = os.path.join(folder, f"fill-{tag}-{i}.bin")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError as exc:
            error = errno.errorcode.get(exc.errno, str(exc.errno))
            break
        size = 0
        try:
            while True:
                size += os.write(fd, CHUNK)
        except OSError as exc:
            error = errno.errorcode.get(exc.errno, str(exc.errno))
        finally:
            os.close(fd)
            written += size
            largest = max(largest, size)
        if error != "EFBIG":  # a full file system, not a full file: stop
            break
    return {"written": written, "largest": largest, "error": error}


@app.get("/secret")
def secret():
    found = {}
    for tag, target in enumerate(TARGETS):
        folder = os.environ.get(target, target)
        found[target] = fill(folder, tag) | {"folder": folder}
    report(found)
    return "nope"
'''


async def test_disk_fill_is_refused(grading):
    run = await grading.run("disk fill", DISK_FILL)
    assert run.verdict is Verdict.FAILED, run.describe()
    found = run.findings()
    # The root file system and everything the candidate does not own refuse the first byte.
    for target in ("/", "/tmp", "/var/tmp", "/opt/crucible"):
        assert found[target]["written"] == 0, found[target]
        assert found[target]["error"] in ("EROFS", "EACCES"), found[target]
    assert found["/"]["error"] == "EROFS"
    for target in ("/sandbox", "/sandbox/app", "/sandbox/launcher"):
        assert found[target] == {"written": 0, "largest": 0, "error": "EACCES",
                                 "folder": target}
    # Home (and TMPDIR, the same folder): no file past fsize (16 MB), no more than the tmpfs.
    home = found["HOME"]
    assert home["folder"] == found["TMPDIR"]["folder"] == "/sandbox/home"
    assert home["largest"] == 16 * MB
    assert 16 * MB <= home["written"] <= 32 * MB
    assert home["error"] == "ENOSPC"
    assert found["TMPDIR"]["written"] == 0  # already full
    # /dev/shm is world-writable: small (8 MB), like the rest of what can be written.
    shm = found["/dev/shm"]
    assert shm["written"] <= 8 * MB and shm["error"] == "ENOSPC", shm
    await grading.good("disk fill")


FLOOD = '''
import sys

from fastapi import FastAPI

LINE = "flood " * 20 + "\\n"
for _ in range(20_000):  # ~2.4 MB at import, on both streams
    sys.stdout.write(LINE)
    sys.stderr.write(LINE)
app = FastAPI()


@app.get("/secret")
def secret() -> str:
    sys.stdout.write(LINE * 10_000)  # ~1.2 MB per request
    return SECRET
'''

FLOOD_BINARY = '''
import os
import sys

from fastapi import FastAPI

sys.stdout.buffer.write(os.urandom(2 << 20))
sys.stdout.flush()
app = FastAPI()


@app.get("/secret")
def secret():
    sys.stdout.buffer.write(os.urandom(1 << 20))
    sys.stdout.flush()
    return "nope"
'''


async def test_output_flood_is_capped(grading):
    # This app is correct, only noisy: the verdict must be decided as usual.
    noisy = FLOOD.replace("SECRET", repr(grading.secret))
    runs = await grading.attacks(**{"output flood: text, correct": noisy,
                                    "output flood: binary, wrong": FLOOD_BINARY})
    text, binary = runs["output flood: text, correct"], runs["output flood: binary, wrong"]
    assert text.verdict is Verdict.PASSED, text.describe()
    assert text.result.score == 1.0
    assert binary.verdict is Verdict.FAILED, binary.describe()
    for run in (text, binary):
        assert len(run.result.candidate_log) <= CANDIDATE_LOG_CAP
        assert len(run.result.candidate_log.encode()) <= 3 * CANDIDATE_LOG_CAP
        assert run.result.candidate_log_bytes >= 3 * MB, run.result.candidate_log_bytes
        run.assert_bounded()
    assert text.result.candidate_log.startswith("flood flood")
    await grading.good("output flood")
