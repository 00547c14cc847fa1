"""The grader's side of health-readiness (runs in the grader's process, see crucible_link.py).

What the tests read back is recorded here, where the app cannot reach it: every ping, connect
and close the app's fake clients make (they are calls to this service), and when a held
connect() or close() was let go. The coordination lives here too: how each ping answers, the
gates that hold connect() and close(), the check timeout the app's settings carry, and the
commands for the lifespan driver (overrides.py), which runs the app's lifespan in the app's
process, as a restart would.
"""

from __future__ import annotations

import queue
import threading
import uuid
from typing import Any

from crucible_link import Gate, ServiceError, exposed

LIMIT_S = 8.0  # no fake call is held longer than this
SECRET = "pw-7f3a9c51e2"
DSN = f"postgresql://orders:{SECRET}@db-primary.internal:5432/orders"
MODES = ("ok", "error", "hang", "together", "slow")
NAMES = ("database", "cache")
COMMAND_WAIT_S = 12.0


class Service:
    secret = SECRET

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.modes: dict[str, str] = {"database": "ok", "cache": "ok"}
        self.check_timeout_s = 0.3
        self.slow_s = 1.5  # how long a "slow" ping takes
        self.pings = {"database": 0, "cache": 0}
        self.closes = {"database": 0, "cache": 0}
        self.connects = 0  # connect() calls
        self.connected = 0  # connect() calls that returned
        self.connect_gate = Gate(timeout_s=LIMIT_S)
        self.close_gate = Gate(timeout_s=LIMIT_S)
        self._together: set[str] = set()
        self._commands: queue.Queue[dict[str, Any]] = queue.Queue()
        self._results: dict[str, dict[str, Any]] = {}
        self._pending: set[str] = set()

    def reset(self) -> None:
        """Before each test: every ping answers, nothing held, and a fresh lifespan run of the
        app's, started and connected."""
        self.release_all()
        with self._lock:
            self.modes = {"database": "ok", "cache": "ok"}
            self.check_timeout_s = 0.3
            self._together.clear()
            connects, connected = self.connects, self.connected
        said = self.command("restart", hold_connect=False)
        # An app whose lifespan never calls connect() is not waited for (its tests fail).
        if self.wait(lambda: self.connects > connects, self._patience(said, "connect_called")):
            self.wait(lambda: self.connected > connected, 3.0)
            self.command("settle_connect")

    # --- the tests' side --------------------------------------------------------------------

    def set_modes(self, **modes: str) -> None:
        with self._lock:
            for name, mode in modes.items():
                assert name in NAMES and mode in MODES, (name, mode)
                self.modes[name] = mode
            self._together.clear()

    def release_all(self) -> None:
        self.connect_gate.release()
        self.close_gate.release()

    def wait(self, predicate: Any, timeout_s: float) -> bool:
        with self._lock:
            return self._lock.wait_for(predicate, timeout_s)

    def calls(self) -> dict[str, Any]:
        with self._lock:
            return {"pings": dict(self.pings), "closes": dict(self.closes),
                    "connects": self.connects, "connected": self.connected}

    def command(self, name: str, **args: Any) -> dict[str, Any]:
        """Asks the app-side lifespan driver to do `name` and waits for its answer."""
        token = uuid.uuid4().hex
        with self._lock:
            self._pending.add(token)
        self._commands.put({"token": token, "name": name, "args": args})
        with self._lock:
            if not self._lock.wait_for(lambda: token in self._results, COMMAND_WAIT_S):
                raise AssertionError(
                    f"the grader's lifespan driver did not run {name!r} within "
                    f"{COMMAND_WAIT_S:g}s (is the app's event loop blocked?)")
            self._pending.discard(token)
            return self._results.pop(token)

    def restart(self, hold_connect: bool) -> dict[str, Any]:
        """Stops the driver's lifespan run and starts a new one (connect() held if asked):
        whether startup finished, and whether connect() was called here."""
        if hold_connect:
            self.connect_gate.hold()
        before = self.connects
        result = self.command("restart", hold_connect=hold_connect)
        # The app's connect() call travels on a link of its own: it may arrive after the answer.
        called = self.wait(lambda: self.connects > before, self._patience(result, "connect_called"))
        return {"started": bool(result.get("started")), "connect_called": called}

    def release_connect(self) -> None:
        before = self.connected
        self.connect_gate.release()
        self.wait(lambda: self.connected > before, 3.0)
        self.command("settle_connect")

    def stop(self, hold_close: bool) -> bool:
        """Begins the lifespan run's shutdown (close() held if asked); True if a close() came."""
        if hold_close:
            self.close_gate.hold()
        before = sum(self.closes.values())
        said = self.command("stop")
        return self.wait(lambda: sum(self.closes.values()) > before,
                         self._patience(said, "close_called"))

    @staticmethod
    def _patience(said: dict[str, Any], key: str) -> float:
        """How long to wait for a call the driver says the app made (what counts is only the
        call arriving here; the driver's word just spares a long wait for one never made)."""
        return 3.0 if said.get(key) else 0.3

    def release_close(self) -> None:
        self.close_gate.release()
        self.command("finish")

    # --- the app's side (exposed: untrusted arguments) --------------------------------------

    @staticmethod
    def _name(name: Any) -> str:
        if name not in NAMES:
            raise ServiceError("no such client")
        return name

    @exposed
    def settings(self) -> dict[str, float]:
        """What the app's `get_settings` returns."""
        with self._lock:
            return {"check_timeout_s": self.check_timeout_s}

    @exposed
    def ping(self, name: Any) -> dict[str, Any]:
        """Counts a ping and says how it goes: "ok", "hang", "slow" (after `seconds`);
        "error" raises; "together" answers only once the other "together" ping runs too."""
        name = self._name(name)
        with self._lock:
            self.pings[name] += 1
            mode = self.modes[name]
            self._lock.notify_all()
            if mode == "error":
                raise ServiceError(f"could not connect to {DSN}: password authentication failed")
            if mode == "together":
                self._together.add(name)
                self._lock.notify_all()
                expected = {n for n, m in self.modes.items() if m == "together"}
                if not self._lock.wait_for(lambda: self._together >= expected, LIMIT_S):
                    self._together.discard(name)
                    raise ServiceError("the other check never started")
                return {"mode": "ok"}
            return {"mode": mode, "seconds": self.slow_s}

    @exposed
    def connect(self) -> None:
        with self._lock:
            self.connects += 1
            self._lock.notify_all()
        self.connect_gate.wait()
        with self._lock:
            self.connected += 1
            self._lock.notify_all()

    @exposed
    def close(self, name: Any) -> None:
        name = self._name(name)
        with self._lock:
            self.closes[name] += 1
            self._lock.notify_all()
        self.close_gate.wait()

    @exposed
    def next_command(self) -> dict[str, Any] | None:
        """For the lifespan driver: the tests' next command (None after a quiet while)."""
        try:
            return self._commands.get(timeout=5.0)
        except queue.Empty:
            return None

    @exposed
    def command_done(self, token: Any, result: Any) -> None:
        if not isinstance(token, str) or not isinstance(result, dict):
            raise ServiceError("a token and an object")
        with self._lock:
            if token in self._pending:
                self._pending.discard(token)
                self._results[token] = {key: result.get(key) is True for key in
                                        ("started", "connect_called", "close_called")}
                self._lock.notify_all()
