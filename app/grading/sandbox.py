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

from app.grading.contract import GradeRequest, GradeResult, Limits, Verdict
from app.grading.verdicts import result_from_harness

log = logging.getLogger(__name__)

CANDIDATE_LOG_CAP = 64 * 1024
LABEL = "crucible.sandbox=1"
# Time for the container to start and stop around the harness's own deadline.
OUTER_GRACE_S = 5.0


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
        "--ulimit", "nofile=256:256", "--ulimit", "fsize=16777216", "--ulimit", "core=0",
        "--log-driver", "none",
        "--label", LABEL,
    ]


class DockerSandbox:
    """Grades in containers of one runner image through the `docker` CLI."""

    def __init__(self, image: str, *, image_digest: str = "", docker: str = "docker") -> None:
        self.image = image
        self.image_digest = image_digest or image
        self.docker = docker
        self._cleanup: set[asyncio.Task[None]] = set()

    async def run(self, request: GradeRequest) -> GradeResult:
        started = time.monotonic()
        name = f"crucible-{secrets.token_hex(8)}"
        nonce = secrets.token_hex(16)
        try:
            result = await self._run(request, name, nonce)
        except OSError as exc:  # the docker client itself could not be started
            result = GradeResult(verdict=Verdict.SANDBOX_ERROR, detail=f"docker: {exc}")
        finally:
            self._remove_later(name)
        result.duration_ms = round((time.monotonic() - started) * 1000)
        result.image = self.image_digest
        return result

    async def _run(self, request: GradeRequest, name: str, nonce: str) -> GradeResult:
        limits = request.limits
        payload = {
            "nonce": nonce,
            "files": request.files,
            "tests": request.tests,
            "overrides": request.overrides,
            "entrypoint": request.entrypoint,
            "startup_s": min(limits.startup_s, limits.wall_s),
            "deadline_s": limits.wall_s,
            "log_cap": CANDIDATE_LOG_CAP,
        }
        proc = await asyncio.create_subprocess_exec(
            self.docker, "run", "-i", "--name", name, *docker_run_flags(limits), self.image,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            stdout, stderr = await asyncio.wait_for(
                proc.communicate(json.dumps(payload).encode()), limits.wall_s + OUTER_GRACE_S
            )
        except TimeoutError:
            await self._docker("kill", name)
            await proc.wait()
            return GradeResult(verdict=Verdict.TIMEOUT,
                               detail=f"killed after {limits.wall_s:g} s of wall-clock time")
        harness = _parse_harness_line(stdout, nonce)
        if harness is not None:
            return result_from_harness(harness)
        if await self._oom_killed(name):
            return GradeResult(verdict=Verdict.MEMORY_LIMIT,
                               detail=f"the sandbox exceeded {limits.memory_mb} MB")
        tail = stderr.decode("utf-8", "replace")[-2000:]
        log.warning("sandbox %s gave no result (exit %s): %s", name, proc.returncode, tail)
        return GradeResult(verdict=Verdict.SANDBOX_ERROR,
                           detail=f"the sandbox gave no result (exit {proc.returncode})",
                           grader_log=tail)

    async def _oom_killed(self, name: str) -> bool:
        out = await self._docker("inspect", "--format", "{{.State.OOMKilled}}", name)
        return out.strip() == "true"

    async def _docker(self, *args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            self.docker, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
        )
        out, _ = await proc.communicate()
        return out.decode()

    def _remove_later(self, name: str) -> None:
        """Removing a container costs ~50 ms; keep it off the path to the verdict."""
        task = asyncio.get_running_loop().create_task(self._remove(name))
        self._cleanup.add(task)
        task.add_done_callback(self._cleanup.discard)

    async def _remove(self, name: str) -> None:
        await self._docker("rm", "-f", name)

    async def aclose(self) -> None:
        """Wait until every container this sandbox started is removed."""
        while self._cleanup:
            await asyncio.gather(*list(self._cleanup))


def _parse_harness_line(stdout: bytes, nonce: str) -> dict[str, object] | None:
    prefix = f"CRUCIBLE-RESULT {nonce} ".encode()
    for line in stdout.splitlines():
        if line.startswith(prefix):
            try:
                data = json.loads(line[len(prefix):])
            except ValueError:
                return None
            return data if isinstance(data, dict) else None
    return None
