"""The grader's service link (graders/runtime/crucible_link.py, crucible_sql.py), on the host:
the app can reach only exposed methods, read-backs stay in the grader's process, and the SQL
proxy behaves like sqlite3 for SQLAlchemy while every statement is counted on the grader's side."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "graders" / "runtime"
sys.path.insert(0, str(RUNTIME))

import crucible_link  # noqa: E402
import crucible_sql  # noqa: E402


class Recorder(crucible_sql.SqlService):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Any] = []
        self.gate = crucible_link.Gate(timeout_s=2)

    @crucible_link.exposed
    def record(self, value: Any) -> int:
        self.calls.append(value)
        return len(self.calls)

    @crucible_link.exposed
    def wait_at_gate(self) -> bool:
        return self.gate.wait()

    @crucible_link.exposed
    def refuse(self) -> None:
        raise crucible_link.ServiceError("not today")

    def forget(self) -> None:
        """The tests' only: not exposed."""
        self.calls.clear()


@pytest.fixture
def linked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    path = str(tmp_path / "service.sock")
    service = Recorder()
    stop = crucible_link.serve(service, path)
    monkeypatch.setenv(crucible_link.SOCKET_ENV, path)
    monkeypatch.setattr(crucible_link, "_link", None)
    yield service
    stop()


def test_exposed_methods_answer_and_record(linked: Recorder) -> None:
    link = crucible_link.grader()
    assert link.call("record", {"a": [1, b"\x00\xff"]}) == 1
    assert linked.calls == [{"a": [1, b"\x00\xff"]}]


@pytest.mark.parametrize("method", ["forget", "_dispatch", "__init__", "calls", "db", "gate",
                                    "reset", "nope"])
def test_only_exposed_methods_are_reachable(linked: Recorder, method: str) -> None:
    linked.calls.append("kept")
    with pytest.raises(crucible_link.RemoteError) as refused:
        crucible_link.grader().call(method)
    assert refused.value.kind == "ProtocolError"
    assert linked.calls == ["kept"]


def test_errors_and_garbage_keep_the_server_up(linked: Recorder) -> None:
    link = crucible_link.grader()
    with pytest.raises(crucible_link.RemoteError, match="not today"):
        link.call("refuse")
    with pytest.raises(crucible_link.RemoteError) as bad_args:
        link.call("record", 1, 2, 3)
    assert bad_args.value.kind == "TypeError"
    sock, _ = link._connection()
    sock.sendall(b"{not json\n")
    assert link._connection()[1].readline().startswith(b'{"e":["ProtocolError"')
    assert link.call("record", "still") == 1


def test_a_gate_blocks_the_app_until_the_test_releases_it(linked: Recorder) -> None:
    linked.gate.hold()
    answers: list[bool] = []
    worker = threading.Thread(target=lambda: answers.append(
        crucible_link.grader().call("wait_at_gate")))
    worker.start()
    assert linked.gate.wait_for_waiters(1, timeout_s=2)
    assert answers == []
    linked.gate.release()
    worker.join(2)
    assert answers == [True]


def _engine() -> Any:
    from sqlalchemy.pool import QueuePool
    from sqlmodel import create_engine

    return create_engine("sqlite://", creator=crucible_sql.connect, poolclass=QueuePool)


def test_sqlalchemy_runs_on_the_graders_database_and_every_statement_counts(
        linked: Recorder) -> None:
    from sqlmodel import Field, Session, SQLModel, select

    class Gadget(SQLModel, table=True):
        id: int | None = Field(default=None, primary_key=True)
        name: str = Field(unique=True)
        blob: bytes | None = None

    engine = _engine()
    SQLModel.metadata.create_all(engine, tables=[Gadget.__table__])
    linked.db.insert("gadget", name="seeded")
    linked.db.clear_statements()
    with Session(engine) as session:
        session.add(Gadget(name="made", blob=b"\x01\x02"))
        session.commit()
        names = [g.name for g in session.exec(select(Gadget).order_by(Gadget.id))]
    assert names == ["seeded", "made"]
    assert len(linked.db.counted()) >= 2
    assert linked.db.execute("SELECT blob FROM gadget WHERE name='made'") == [(b"\x01\x02",)]
    with Session(engine) as session:  # a constraint error is sqlite3's, wrapped by SQLAlchemy
        session.add(Gadget(name="made"))
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError):
            session.commit()
    with Session(engine) as session:  # an uncommitted write is rolled back, not kept
        session.add(Gadget(name="dropped"))
        session.flush()
        session.rollback()
    assert [r[0] for r in linked.db.execute("SELECT name FROM gadget ORDER BY id")] == [
        "seeded", "made"]
    linked.db.clear_rows()
    assert linked.db.execute("SELECT count(*) FROM gadget") == [(0,)]
    assert linked.db.counted() == []


@pytest.mark.parametrize("sql", ["ATTACH DATABASE '/tmp/x.sqlite' AS x",
                                 "VACUUM INTO '/tmp/copy.sqlite'"])
def test_the_apps_sql_cannot_write_files_for_the_grader(linked: Recorder, sql: str,
                                                       tmp_path: Path) -> None:
    conn = crucible_sql.connect()
    with pytest.raises(sqlite3.Error):
        conn.cursor().execute(sql.replace("/tmp", str(tmp_path)))
    assert not list(tmp_path.glob("*.sqlite"))


def test_connections_past_the_cap_are_closed_and_the_service_keeps_answering(
        linked: Recorder) -> None:
    import socket

    held = []
    for _ in range(crucible_link.MAX_CONNECTIONS + 8):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(crucible_link.grader().path)
        held.append(sock)
    refused = 0
    for sock in held[crucible_link.MAX_CONNECTIONS:]:
        sock.settimeout(2)
        try:
            sock.sendall(b'{"m": "record", "a": [1]}\n')
            refused += sock.recv(100) == b""
        except OSError:  # closed by the server before or while we wrote
            refused += 1
    assert refused == 8
    for sock in held:
        sock.close()
    assert crucible_link.wait_until(lambda: _answers(), timeout_s=3)


def _answers() -> bool:
    try:
        return crucible_link.GraderLink(crucible_link.grader().path).call("record", 2) >= 1
    except crucible_link.RemoteError:
        return False
