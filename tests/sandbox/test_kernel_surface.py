"""The kernel surface a graded app can reach, and bodies too large for the grader to read.

The seccomp profile is our own (app/grading/seccomp.json): io_uring, keys, namespaces, ptrace
and netlink audit sockets are refused; the runner image has no setuid or setgid file. A
response of a gigabyte, or a gzip bomb, fails the test that reads it, never the grader."""

from __future__ import annotations

import pytest

from app.grading.contract import Verdict

pytestmark = [pytest.mark.sandbox, pytest.mark.asyncio(loop_scope="session")]

PROBE_KERNEL = '''
import ctypes
import os
import socket

libc = ctypes.CDLL(None, use_errno=True)


def syscall(number, *args):
    result = libc.syscall(number, *args)
    return "ok" if result >= 0 else os.strerror(ctypes.get_errno())


def opens(domain, kind, protocol):
    try:
        socket.socket(domain, kind, protocol).close()
        return "ok"
    except OSError as exc:
        return exc.strerror


def setuid_files():
    found = []
    for top in ("/usr", "/bin", "/sbin", "/opt", "/lib", "/etc"):
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_mode & 0o6000:
                        found.append(path)
                except OSError:
                    pass
    return found


report({
    "io_uring_setup": syscall(425, 8, ctypes.create_string_buffer(120)),
    "keyctl": syscall(250, 0, 0),
    "unshare_user": "ok" if libc.unshare(0x10000000) == 0 else os.strerror(ctypes.get_errno()),
    "netlink_audit": opens(16, socket.SOCK_RAW, 9),
    "vsock": opens(40, socket.SOCK_STREAM, 0),
    "netlink_route": opens(16, socket.SOCK_RAW, 0),
    "tcp": opens(2, socket.SOCK_STREAM, 0),
    "setuid_files": setuid_files(),
})

from fastapi import FastAPI

app = FastAPI()


@app.get("/secret")
def secret():
    return "not the secret"
'''


async def test_the_kernel_surface_is_narrowed(grading):
    run = await grading.run("kernel surface", PROBE_KERNEL)
    found = run.findings()
    denied = {k: found[k] for k in ("io_uring_setup", "keyctl", "unshare_user", "netlink_audit",
                                    "vsock")}
    assert denied == dict.fromkeys(denied, "Operation not permitted"), found
    assert found["netlink_route"] == "ok" and found["tcp"] == "ok", found
    assert found["setuid_files"] == []
    run.assert_not_passed()
    await grading.good("kernel surface")


HUGE_BODIES = '''
import zlib

from fastapi import FastAPI
from fastapi.responses import Response, StreamingResponse

app = FastAPI()


def _bomb(megabytes=64):
    """A gzip stream that inflates to `megabytes` MB, eight times what a test reads."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()



@app.get("/secret")
def secret():
    def forever():
        chunk = b"x" * (1024 * 1024)
        for _ in range(1024):  # 1 GiB
            yield chunk
    return StreamingResponse(forever(), media_type="application/json")


@app.get("/bomb")
def bomb():
    return Response(_bomb(), media_type="application/json", headers={"Content-Encoding": "gzip"})
'''

BODY_TESTS = '''
def test_secret(client):
    """GET /secret returns the secret"""
    assert client.get("/secret").json() == "s"


def test_bomb(client):
    """GET /bomb returns the secret"""
    assert client.get("/bomb").json() == "s"


def test_still_grading(client):
    """The grader still runs tests after the huge bodies"""
    assert True
'''


async def test_huge_and_inflating_bodies_fail_the_test_not_the_grader(grading):
    run = await grading.run("1 GiB body and gzip bomb", HUGE_BODIES, attack=False,
                            tests={"test_hidden.py": BODY_TESTS})
    assert run.verdict is Verdict.FAILED, run.describe()
    outcome = {t.id: (t.passed, t.message) for t in run.result.tests}
    for test in ("test_secret", "test_bomb"):
        passed, message = outcome[test]
        assert not passed and "larger than 8 MiB" in message, run.describe()
    assert outcome["test_still_grading"][0] is True
    run.assert_bounded()
    await grading.good("huge bodies")
