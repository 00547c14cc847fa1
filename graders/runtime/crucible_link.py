"""The link between a challenge's fakes (in the candidate's app) and its grader-owned service.

Anything a hidden test reads back (SQL statements, recorded calls, audit entries, loads) must be
recorded outside the candidate's process, because the candidate's code can rewrite anything in
its own process. So a challenge that measures ships two halves:

- `graders/<slug>/service.py`, a class `Service` that lives in the **grader's** pytest process
  (uid grader). Its methods marked `@exposed` answer the app over a Unix socket; the tests call
  every method directly, in-process (fixture `service`), so read-backs never cross the socket.
- `graders/<slug>/overrides.py`, whose `install(app, module)` swaps the dependencies the
  statement names for thin proxies that call `grader().call("method", ...)`.

The candidate's process learns only the socket's path, and through it can reach only the
exposed methods: whatever it sends there is something the app did (a statement, a call), so it
can add to a record but never read, reset or rewrite one. Exposed methods treat their
arguments as untrusted.

Protocol: one JSON object per line each way. Request `{"m": name, "a": [...], "k": {...}}`,
answer `{"r": value}` or `{"e": [error type name, message]}`. Bytes travel as `{"$b": base64}`.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import os
import socket
import socketserver
import sys
import threading
import time
import types
from collections.abc import Callable
from typing import Any

SOCKET_ENV = "CRUCIBLE_SERVICE_SOCKET"
LINE_LIMIT = 4 * 1024 * 1024
CONNECT_WAIT_S = 15.0
MAX_CONNECTIONS = 40
_EXPOSED = "__crucible_exposed__"


def exposed(method: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a Service method as callable from the app (everything else is the tests' only)."""
    setattr(method, _EXPOSED, True)
    return method


class ServiceError(Exception):
    """An error an exposed method raises on purpose; the app sees its type name and message."""


class RemoteError(Exception):
    """Raised in the app when the service answered with an error."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and "$b" in value and isinstance(value["$b"], str):
            return base64.b64decode(value["$b"])
        return {k: _decode(v) for k, v in value.items()}
    return value


def dumps(value: Any) -> bytes:
    return json.dumps(_encode(value), separators=(",", ":")).encode() + b"\n"


def loads(line: bytes) -> Any:
    return _decode(json.loads(line))


def load_module(name: str, path: str) -> types.ModuleType:
    """Imports a challenge file (overrides.py, service.py) by path under `name`, registered
    before it runs so that Pydantic can resolve its postponed annotations."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {name} from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --- the grader's side ---------------------------------------------------------------------


def _dispatch(service: Any, request: Any) -> dict[str, Any]:
    if not isinstance(request, dict) or not isinstance(request.get("m"), str):
        return {"e": ["ProtocolError", "a request is {\"m\": name, \"a\": [], \"k\": {}}"]}
    name, args, kwargs = request["m"], request.get("a", []), request.get("k", {})
    method = getattr(type(service), name, None) if not name.startswith("_") else None
    if method is None or not getattr(method, _EXPOSED, False):
        return {"e": ["ProtocolError", f"the service has no method {name!r}"]}
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        return {"e": ["ProtocolError", "arguments are a list and an object"]}
    try:
        return {"r": getattr(service, name)(*args, **kwargs)}
    except ServiceError as exc:
        return {"e": [type(exc).__name__, str(exc)]}
    except Exception as exc:  # untrusted input must never kill the server
        return {"e": [type(exc).__name__, str(exc)[:2000]]}


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        service = self.server.service  # type: ignore[attr-defined]
        while True:
            line = self.rfile.readline(LINE_LIMIT + 1)
            if not line or len(line) > LINE_LIMIT or not line.endswith(b"\n"):
                return
            try:
                request = loads(line)
            except ValueError:
                answer: dict[str, Any] = {"e": ["ProtocolError", "not JSON"]}
            else:
                answer = _dispatch(service, request)
            try:
                self.wfile.write(dumps(answer))
            except (TypeError, ValueError):
                self.wfile.write(dumps({"e": ["ProtocolError", "the answer is not JSON"]}))
            except OSError:
                return


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """One thread per connection, at most MAX_CONNECTIONS at once: threads count against the
    sandbox's pids limit, so an app opening connections without end must not starve the
    grader's own process of threads (an excess connection is closed at once)."""

    daemon_threads = True

    def __init__(self, path: str, handler: type[socketserver.BaseRequestHandler]) -> None:
        super().__init__(path, handler)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def serve(service: Any, path: str) -> Callable[[], None]:
    """Serves `service` on a Unix socket at `path` (any local user may connect) in a daemon
    thread; returns a function that stops it."""
    if os.path.exists(path):
        os.unlink(path)
    server = _Server(path, _Handler)
    server.service = service  # type: ignore[attr-defined]
    os.chmod(path, 0o666)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True, name="crucible-service")
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return stop


# --- the app's side ------------------------------------------------------------------------


class GraderLink:
    """A client of the grader's service: one connection per thread, connected on first use
    (the grader may still be starting when the app imports)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def _connection(self) -> tuple[socket.socket, Any]:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        deadline = time.monotonic() + CONNECT_WAIT_S
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.path)
                break
            except OSError:
                sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        conn = (sock, sock.makefile("rb"))
        self._local.conn = conn
        return conn

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Calls an exposed method of the service and returns its answer (blocking)."""
        sock, reader = self._connection()
        try:
            sock.sendall(dumps({"m": method, "a": list(args), "k": kwargs}))
            line = reader.readline(LINE_LIMIT + 1)
        except OSError:
            self._local.conn = None
            raise
        if not line:
            self._local.conn = None
            raise ConnectionError("the grader's service closed the connection")
        answer = loads(line)
        if "e" in answer:
            kind, message = answer["e"]
            raise RemoteError(kind, message)
        return answer.get("r")

    async def acall(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """`call` for async code: runs in a worker thread, so a method that blocks (a gate the
        test holds) never blocks the app's event loop."""
        return await asyncio.to_thread(self.call, method, *args, **kwargs)


_link: GraderLink | None = None


def grader() -> GraderLink:
    """The app's link to this run's grader service (the path comes from the harness)."""
    global _link
    if _link is None:
        path = os.environ.get(SOCKET_ENV)
        if not path:
            raise RuntimeError("this challenge has no grader service")
        _link = GraderLink(path)
    return _link


# --- shared helpers for services ------------------------------------------------------------


class Gate:
    """A point the app waits at until the test opens it (`hold` a background job, a loader).

    The app side calls an exposed method that does `gate.wait()`; the test calls `hold()` before
    and `release()` when it wants the app to go on. An open gate lets everyone through."""

    def __init__(self, timeout_s: float = 10.0) -> None:
        self._open = threading.Event()
        self._open.set()
        self._arrived = threading.Condition()
        self.waiting = 0
        self.timeout_s = timeout_s

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def wait(self) -> bool:
        """Blocks while the gate is held; False when it was never opened in time."""
        with self._arrived:
            self.waiting += 1
            self._arrived.notify_all()
        try:
            return self._open.wait(self.timeout_s)
        finally:
            with self._arrived:
                self.waiting -= 1
                self._arrived.notify_all()

    def wait_for_waiters(self, count: int = 1, timeout_s: float = 5.0) -> bool:
        """For the test: True once at least `count` callers wait at the gate."""
        with self._arrived:
            return self._arrived.wait_for(lambda: self.waiting >= count, timeout_s)


def wait_until(predicate: Callable[[], bool], timeout_s: float = 5.0,
               interval_s: float = 0.01) -> bool:
    """Polls `predicate` until it holds or `timeout_s` passes; returns its last value."""
    deadline = time.monotonic() + timeout_s
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval_s)
