"""The sandbox's pid 1: sets up two users' worlds, runs the app and the grader, reports once.

Runs as root with only CHOWN, SETUID, SETGID and KILL. Reads one JSON payload on stdin (the
candidate's files, the hidden tests, limits, a nonce), then:
- writes the candidate's files where the candidate user can read them, and the tests into a 0700
  folder of the grader user;
- starts the app (launcher.py, as the candidate uid) and pytest (as the grader uid) at once; the
  grader reaches the app over loopback HTTP; its report travels through an inherited pipe;
- writes exactly one line, `CRUCIBLE-RESULT <nonce> <json>`, to stdout. Nothing else writes there:
  the candidate's and the grader's output go to capped pipes that only this process reads.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path, PurePosixPath
from typing import Any

CANDIDATE_UID = 10001
GRADER_UID = 10002
ROOT = Path("/sandbox")
PYTHON = sys.executable
RUNTIME = Path(__file__).resolve().parent
PORT = 8000
SERVICE_SOCKET = ROOT / "ipc" / "service.sock"
SERVICE_MODULE = ROOT / "grader" / "crucible_service.py"
GRADER_LOG_CAP = 16 * 1024
# A limit may stretch to this many times itself while the host keeps its processes waiting for a
# core; past that the run is the platform's fault (outcome `overloaded`, retried, not scored).
HARD_FACTOR = 3.0


def _run_delay_s(pid: int) -> float:
    """Seconds the process's main thread spent runnable but waiting for a CPU (schedstat)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def _cgroup_stat(sources: tuple[tuple[str, str, float], ...]) -> float:
    """The first `key value` line found, of (file, key, divisor) in order (cgroup v1 or v2);
    0 when none is readable."""
    for path, key, unit in sources:
        try:
            for line in Path(path).read_text().splitlines():
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value) / unit
        except (OSError, ValueError):
            continue
    return 0.0


def _throttled_s() -> float:
    """Seconds this container spent throttled by its own CPU quota."""
    return _cgroup_stat((("/sys/fs/cgroup/cpu.stat", "throttled_usec", 1e6),
                         ("/sys/fs/cgroup/cpu,cpuacct/cpu.stat", "throttled_time", 1e9),
                         ("/sys/fs/cgroup/cpu/cpu.stat", "throttled_time", 1e9)))


class FairClock:
    """Time that measures the work, not the host: the time the phase's worker (the app while it
    starts, the grader while the tests run) waited for a core is credited back, less what the
    container's own CPU quota throttled (an app that competes with itself earns nothing). An
    app spinning forever is not credited during the tests: the grader, whose clock that is,
    waits on a socket, not for a core."""

    def __init__(self, pid: int) -> None:
        self.started = time.monotonic()
        self.pid = pid
        self._waited_at_start = _run_delay_s(pid)
        self._throttled_at_start = _throttled_s()

    def credit(self) -> float:
        waited = _run_delay_s(self.pid) - self._waited_at_start
        return max(0.0, waited - (_throttled_s() - self._throttled_at_start))

    def wall(self) -> float:
        return time.monotonic() - self.started

    def over(self, limit: float) -> str | None:
        """None while within `limit`; "limit" once the work used it up; "hard" when the host
        stretched it past HARD_FACTOR times."""
        wall = self.wall()
        if wall - self.credit() > limit:
            return "limit"
        if wall > HARD_FACTOR * limit:
            return "hard"
        return None


class CappedReader(threading.Thread):
    """Drains a pipe, keeping the first `cap` bytes and counting the rest."""

    def __init__(self, fd: int, cap: int) -> None:
        super().__init__(daemon=True)
        self.fd, self.cap = fd, cap
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.total += len(chunk)
            room = self.cap - len(self.kept)
            if room > 0:
                self.kept += chunk[:room]
        os.close(self.fd)

    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


def _write(folder: Path, files: dict[str, str], owner: int, mode: int) -> None:
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        target.chmod(mode)
        os.chown(target, owner, owner)


def _refused_name(payload: dict[str, Any]) -> tuple[str, str] | None:
    """(outcome, detail) when a file name would land outside its folder, e.g. `../grader/x`.

    The sandbox does not rely on the caller's checks: as root, `_write` would put such a file
    anywhere on the tmpfs, a conftest.py into the grader's folder included.
    """
    for key, outcome, owner in (("files", "app_error", "submitted"),
                                ("tests", "grader_error", "test")):
        for name in payload[key]:
            path = PurePosixPath(name)
            if not name or "\0" in name or path.is_absolute() or ".." in path.parts:
                return outcome, f"refused the {owner} file name {name!r}: it leaves its folder"
    return None


def _prepare(payload: dict[str, Any]) -> None:
    """Lay out the tmpfs: app (read-only to the candidate), home (candidate), grader (0700).

    Files are written first and folders handed over last: root here has no CAP_DAC_OVERRIDE or
    CAP_FOWNER, so it can neither write into nor chmod what another user owns.
    """
    # ipc: the grader's service socket; the candidate may connect but not create or remove.
    folders = {"app": (0, 0o755), "launcher": (0, 0o755), "home": (CANDIDATE_UID, 0o700),
               "grader": (GRADER_UID, 0o700), "ipc": (GRADER_UID, 0o755)}
    for name in folders:
        (ROOT / name).mkdir()
    _write(ROOT / "app", payload["files"], 0, 0o644)
    _write(ROOT / "grader", payload["tests"], GRADER_UID, 0o600)
    if payload.get("service"):
        _write(ROOT / "grader", {SERVICE_MODULE.name: payload["service"]}, GRADER_UID, 0o600)
    if payload.get("overrides"):
        _write(ROOT / "launcher", {"overrides.py": payload["overrides"]}, 0, 0o644)
    for name, (owner, mode) in folders.items():
        (ROOT / name).chmod(mode)
        os.chown(ROOT / name, owner, owner)


def _base_env(home: Path) -> dict[str, str]:
    return {
        "PATH": "/opt/venv/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
    }


def _start_candidate(payload: dict[str, Any]) -> subprocess.Popen[bytes]:
    env = _base_env(ROOT / "home") | {
        "CRUCIBLE_ENTRYPOINT": payload.get("entrypoint", "solution:app"),
        "CRUCIBLE_PORT": str(PORT),
        "CRUCIBLE_OVERRIDES": str(ROOT / "launcher" / "overrides.py"),
        "CRUCIBLE_SERVICE_SOCKET": str(SERVICE_SOCKET) if payload.get("service") else "",
    }
    proc = subprocess.Popen(
        [PYTHON, str(RUNTIME / "launcher.py")],
        cwd=ROOT / "app", env=env, user=CANDIDATE_UID, group=CANDIDATE_UID, extra_groups=[],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return proc


def _start_grader(payload: dict[str, Any], report_fd: int) -> subprocess.Popen[bytes]:
    grader = ROOT / "grader"
    env = _base_env(grader) | {
        "PYTHONPATH": str(RUNTIME),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",  # only crucible_plugin; skips entry-point scans
        "CRUCIBLE_BASE_URL": f"http://127.0.0.1:{PORT}",
        "CRUCIBLE_REPORT_FD": str(report_fd),
        "CRUCIBLE_STARTUP_S": str(payload["startup_s"]),
        "CRUCIBLE_SERVICE_SOCKET": str(SERVICE_SOCKET) if payload.get("service") else "",
        "CRUCIBLE_SERVICE_MODULE": str(SERVICE_MODULE) if payload.get("service") else "",
    }
    return subprocess.Popen(
        # -P: the working folder (/sandbox, where the candidate can write) is not importable.
        [PYTHON, "-P", "-m", "pytest", "-q", "-p", "crucible_plugin", "-p", "no:cacheprovider",
         "--no-header", "-c", "/dev/null", "--rootdir", str(grader), "-o", "addopts=", str(grader)],
        cwd=ROOT, env=env, user=GRADER_UID, group=GRADER_UID, extra_groups=[],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        pass_fds=(report_fd,), start_new_session=True,
    )


def _port_open() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.05):
            return True
    except OSError:
        return False


def _oom_kills() -> int:
    """How many processes the kernel's OOM killer ended in this container."""
    return int(_cgroup_stat((("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill", 1),
                             ("/sys/fs/cgroup/memory.events", "oom_kill", 1))))


def _kill_everyone_else() -> None:
    """SIGKILL every other process in the container's pid namespace, including children that
    left their process group with setsid(). kill(-1) spares the caller (pid 1)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(-1, signal.SIGKILL)


def _wait_ready(candidate: subprocess.Popen[bytes], clock: FairClock,
                limit: float) -> tuple[str, str] | None:
    """None once the app listens; otherwise (outcome, why)."""
    while True:
        if candidate.poll() is not None:
            return ("app_error",
                    f"the app exited with code {candidate.returncode} before it listened")
        if _port_open():
            return None
        over = clock.over(limit)
        if over == "limit":
            return "app_error", "the app did not start listening in time"
        if over == "hard":
            return "overloaded", _overloaded(clock, "start")
        time.sleep(0.01)


def _overloaded(clock: FairClock, phase: str) -> str:
    return (f"the host was too busy: the {phase} took {clock.wall():.1f} s, "
            f"{clock.credit():.1f} s of it waiting for a CPU")


def _announce(nonce: str, phase: str) -> None:
    """Progress for the live status: `app` (starting the app), then `tests`."""
    sys.stdout.write(f"CRUCIBLE-PHASE {nonce} {phase}\n")
    sys.stdout.flush()


def _run(payload: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    limit_s = float(payload["deadline_s"])
    refused = _refused_name(payload)
    if refused is not None:
        return {"outcome": refused[0], "detail": refused[1], "report": None,
                "candidate_log": "", "candidate_log_bytes": 0, "grader_log": ""}
    _prepare(payload)
    report_read, report_write = os.pipe()
    candidate = _start_candidate(payload)
    grader = _start_grader(payload, report_write)
    os.close(report_write)
    assert candidate.stdout is not None and grader.stdout is not None
    candidate_out = CappedReader(candidate.stdout.fileno(), int(payload["log_cap"]))
    grader_out = CappedReader(grader.stdout.fileno(), GRADER_LOG_CAP)
    report_in = CappedReader(report_read, 8 * 1024 * 1024)
    for reader in (candidate_out, grader_out, report_in):
        reader.start()

    outcome, detail = "completed", ""
    _announce(payload["nonce"], "app")
    start_clock = FairClock(candidate.pid)
    not_ready = _wait_ready(candidate, start_clock, min(float(payload["startup_s"]), limit_s))
    ready_at = time.monotonic()
    if not_ready is not None:
        outcome, detail = not_ready
    else:
        _announce(payload["nonce"], "tests")
        clock = FairClock(grader.pid)
        # The limit covers start-up and tests: the tests get what the start-up's work left.
        tests_limit = max(0.5, limit_s - (start_clock.wall() - start_clock.credit()))
        while grader.poll() is None:
            over = clock.over(tests_limit)
            if over == "limit":
                outcome, detail = "timeout", "the tests did not finish within the time limit"
                break
            if over == "hard":
                outcome, detail = "overloaded", _overloaded(clock, "grading")
                break
            time.sleep(0.005)
    finished = time.monotonic()
    if _oom_kills() > 0:
        outcome, detail = "memory_limit", "a process was killed for exceeding the memory limit"
    _kill_everyone_else()
    for proc in (grader, candidate):
        proc.wait()
    for reader in (candidate_out, grader_out, report_in):
        reader.join(timeout=1)
    report = None
    if report_in.kept:
        try:
            report = json.loads(report_in.kept)
        except ValueError:
            detail = detail or "the grader's report was not valid JSON"
    return {
        "outcome": outcome,
        "detail": detail,
        "report": report,
        "grader_exit": grader.returncode,
        "candidate_log": candidate_out.text(),
        "candidate_log_bytes": candidate_out.total,
        "grader_log": grader_out.text(),
        "startup_ms": round((ready_at - started) * 1000),
        "tests_ms": round((finished - ready_at) * 1000),
    }


def main() -> None:
    payload = json.loads(sys.stdin.buffer.read())
    nonce = payload["nonce"]
    result = _run(payload)
    sys.stdout.write(f"CRUCIBLE-RESULT {nonce} {json.dumps(result)}\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
