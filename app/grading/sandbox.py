"""Runs one GradeRequest in a hardened, network-less Docker container and returns a GradeResult.

The container's pid 1 is graders/runtime/harness.py; the payload goes in on stdin and a single
nonce-tagged line comes back on stdout. The wall clock is enforced from outside with `docker kill`,
and every container is removed afterwards, whatever happened.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from app.grading.admission import HostAdmission
from app.grading.contract import GradeRequest, GradeResult, Limits, Verdict
from app.grading.verdicts import result_from_harness

log = logging.getLogger(__name__)
PhaseCallback = Callable[[str], Awaitable[None]]

CANDIDATE_LOG_CAP = 64 * 1024
LABEL = "crucible.sandbox=1"
# Time for the container to start and stop around the harness's own deadline, which a busy host
# may stretch to HARD_FACTOR times the limit (time waiting for a CPU is not the candidate's).
OUTER_GRACE_S = 5.0
HARD_FACTOR = 3.0
RESULT_LINE_LIMIT = 16 * 1024 * 1024
# Our own profile (scripts/seccomp_profile.py): the daemon's default here still allows io_uring
# and netlink audit sockets. The docker CLI reads the file and sends it to the daemon.
SECCOMP_PROFILE = Path(__file__).with_name("seccomp.json")
KILLED = 137  # 128 + SIGKILL


def outer_limit_s(limits: Limits) -> float:
    """When the container is killed from outside: each phase (start-up, tests) may stretch to
    HARD_FACTOR times its limit on a busy host before the harness itself gives up."""
    return HARD_FACTOR * (limits.startup_s + limits.wall_s) + OUTER_GRACE_S


def docker_run_flags(limits: Limits) -> list[str]:
    """The hardening flags of design.md: no network, read-only root, caps dropped, limits."""
    memory = f"{limits.memory_mb}m"
    return [
        "--network", "none",
        "--read-only",
        "--tmpfs", "/sandbox:rw,nosuid,nodev,noexec,size=32m,mode=755",
        # /dev/shm is world-writable and Docker makes it 64 MB: keep it below the tmpfs too.
        "--shm-size", "8m",
        "--memory", memory, "--memory-swap", memory,
        "--pids-limit", str(limits.pids),
        "--cpus", str(limits.cpus),
        "--cap-drop", "ALL",
        # The harness needs these to hand files and processes to the two unprivileged users.
        "--cap-add", "CHOWN", "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "KILL",
        "--security-opt", "no-new-privileges",
        "--security-opt", f"seccomp={SECCOMP_PROFILE}",
        "--ulimit", "nofile=256:256", "--ulimit", "fsize=16777216", "--ulimit", "core=0",
        "--log-driver", "none",
        "--label", LABEL,
    ]


class DockerSandbox:
    """Grades in containers of one runner image through the `docker` CLI."""

    def __init__(self, image: str, *, image_digest: str = "", docker: str = "docker",
                 admission: HostAdmission | None = None) -> None:
        self.image = image
        self.admission = admission or HostAdmission()
        self.image_digest = image_digest or image
        self.docker = docker
        self._pending: set[asyncio.Task[Any]] = set()

    async def run(self, request: GradeRequest, *, on_phase: PhaseCallback | None = None
                  ) -> GradeResult:
        """Grade; `on_phase` hears the harness's progress (`app`, then `tests`)."""
        async with self.admission.slot():
            started = time.monotonic()
            try:
                result = await self._run(request, on_phase)
            except OSError as exc:  # the docker client could not start, or the pipe broke
                result = GradeResult(verdict=Verdict.SANDBOX_ERROR, detail=f"docker: {exc}")
        result.duration_ms = round((time.monotonic() - started) * 1000)
        result.image = self.image_digest
        return result

    async def _run(self, request: GradeRequest, on_phase: PhaseCallback | None) -> GradeResult:
        limits = request.limits
        name, nonce = self._container_name(), secrets.token_hex(16)
        payload = {
            "nonce": nonce,
            "files": request.files,
            "tests": request.tests,
            "overrides": request.overrides,
            "service": request.service,
            "entrypoint": request.entrypoint,
            "startup_s": min(limits.startup_s, limits.wall_s),
            "deadline_s": limits.wall_s,
            "log_cap": CANDIDATE_LOG_CAP,
        }
        # --rm: the daemon removes the container when it exits, even if this process dies.
        proc = await asyncio.create_subprocess_exec(
            self.docker, "run", "-i", "--rm", "--name", name, *docker_run_flags(limits),
            self.image, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, limit=RESULT_LINE_LIMIT,
        )
        try:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(payload).encode())
            await proc.stdin.drain()
            proc.stdin.close()
            line = await asyncio.wait_for(_result_line(proc, nonce, on_phase),
                                          outer_limit_s(limits))
        except TimeoutError:
            await self._docker("kill", name)
            self._reap_later(proc)
            return GradeResult(verdict=Verdict.TIMEOUT,
                               detail=f"killed after {limits.wall_s:g} s of wall-clock time")
        if line is not None:
            # The verdict is known; the container's exit and removal happen off this path.
            self._reap_later(proc)
            return result_from_harness(line)
        _, stderr = await proc.communicate()
        if proc.returncode == KILLED:
            # Nobody here killed it, so the kernel did: the whole sandbox ran out of memory.
            return GradeResult(verdict=Verdict.MEMORY_LIMIT,
                               detail=f"the sandbox exceeded {limits.memory_mb} MB")
        tail = stderr.decode("utf-8", "replace")[-2000:]
        log.warning("sandbox %s gave no result (exit %s): %s", name, proc.returncode, tail)
        return GradeResult(verdict=Verdict.SANDBOX_ERROR,
                           detail=f"the sandbox gave no result (exit {proc.returncode})",
                           grader_log=tail)

    def _container_name(self) -> str:
        return f"crucible-{secrets.token_hex(8)}"

    async def _docker(self, *args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            self.docker, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
        )
        out, _ = await proc.communicate()
        return out.decode()

    def _reap_later(self, proc: asyncio.subprocess.Process) -> None:
        task = asyncio.get_running_loop().create_task(proc.communicate())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def aclose(self) -> None:
        """Wait until every container this sandbox started has exited and been removed."""
        while self._pending:
            await asyncio.gather(*list(self._pending))


async def _result_line(proc: asyncio.subprocess.Process, nonce: str,
                       on_phase: PhaseCallback | None) -> dict[str, Any] | None:
    """The harness's nonce-tagged result, or None when stdout closed without one. Phase lines
    on the way are passed to `on_phase`."""
    assert proc.stdout is not None
    prefix = f"CRUCIBLE-RESULT {nonce} ".encode()
    phase_prefix = f"CRUCIBLE-PHASE {nonce} ".encode()
    while line := await proc.stdout.readline():
        if line.startswith(phase_prefix) and on_phase is not None:
            await on_phase(line[len(phase_prefix):].strip().decode("ascii", "replace"))
        elif line.startswith(prefix):
            try:
                data = json.loads(line[len(prefix):])
            except ValueError:
                return None
            return data if isinstance(data, dict) else None
    return None
