"""SQL that runs in the grader's process, so the statements an app sends are counted where the
app cannot reach the count.

Grader side: a `SqlService` (mix it into a challenge's `Service`) owns an SQLite database in
the grader's private folder. Each connection the app opens is a real sqlite3 connection here,
so transactions, locking and rollbacks behave as they would against a database server, and
every statement is recorded before it runs (`service.db.statements`). The tests seed and read
through `service.db` on a connection of their own, outside the record.

App side: `connect()` is a DB-API connection for SQLAlchemy's `creator=` (sqlite dialect):

    engine = create_engine("sqlite://", creator=crucible_sql.connect, poolclass=QueuePool)

Untrusted SQL is fenced: no ATTACH (nor VACUUM INTO, which attaches), no extensions, a time
limit per statement, and bounded connections and result sizes.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
import time
from typing import Any

from crucible_link import RemoteError, ServiceError, exposed, grader

MAX_CONNECTIONS = 64
MAX_ROWS = 50_000
STATEMENT_TIME_S = 3.0


class SqlDatabase:
    """The grader's database: the app's connections (counted) and the tests' own (not)."""

    def __init__(self) -> None:
        self.path = os.path.join(tempfile.mkdtemp(prefix="crucible-sql-"), "app.sqlite")
        self.statements: list[str] = []
        self._lock = threading.Lock()
        self._connections: dict[int, _AppConnection] = {}
        self._next_id = 1
        self._tests = self._open(isolation_level=None)
        self._tests.execute("PRAGMA journal_mode=WAL")

    def _open(self, isolation_level: str | None = "") -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False,
                               isolation_level=isolation_level)
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    # -- what the tests use --------------------------------------------------------------

    def execute(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Runs one statement on the tests' own connection (autocommit, not counted)."""
        return self._tests.execute(sql, params).fetchall()

    def insert(self, table: str, **values: Any) -> int:
        """Inserts one row and returns its rowid (a seed the app did not write)."""
        names = ", ".join(f'"{k}"' for k in values)
        marks = ", ".join("?" for _ in values)
        cur = self._tests.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                  tuple(values.values()))
        return int(cur.lastrowid or 0)

    def tables(self) -> list[str]:
        rows = self.execute("SELECT name FROM sqlite_master WHERE type='table' "
                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")
        return [r[0] for r in rows]

    def clear_rows(self) -> None:
        """Empties every table the app created (the schema stays), and forgets statements."""
        self.execute("PRAGMA foreign_keys=OFF")
        for table in self.tables():
            self.execute(f'DELETE FROM "{table}"')
        if self.execute("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'"):
            self.execute("DELETE FROM sqlite_sequence")
        self.execute("PRAGMA foreign_keys=ON")
        self.clear_statements()

    def clear_statements(self) -> None:
        with self._lock:
            self.statements.clear()

    def counted(self) -> list[str]:
        with self._lock:
            return list(self.statements)

    # -- what the app's connections do (through SqlService) -------------------------------

    def open_connection(self) -> int:
        with self._lock:
            if len(self._connections) >= MAX_CONNECTIONS:
                raise ServiceError(f"more than {MAX_CONNECTIONS} open connections")
            number = self._next_id
            self._next_id += 1
        app_conn = _AppConnection(self._open())
        with self._lock:
            self._connections[number] = app_conn
        return number

    def _connection(self, number: Any) -> _AppConnection:
        with self._lock:
            found = self._connections.get(number) if isinstance(number, int) else None
        if found is None:
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
        return found

    def run(self, number: Any, sql: Any, params: Any, many: bool) -> dict[str, Any]:
        if not isinstance(sql, str):
            raise sqlite3.ProgrammingError("the statement must be a string")
        app_conn = self._connection(number)
        with self._lock:
            self.statements.append(" ".join(sql.split()))
        with app_conn.lock:
            conn = app_conn.conn
            app_conn.started = time.monotonic()
            if many:
                cur = conn.executemany(sql, [_params(p) for p in (params or [])])
            else:
                cur = conn.execute(sql, _params(params))
            rows = cur.fetchmany(MAX_ROWS + 1) if cur.description else []
            if len(rows) > MAX_ROWS:
                raise ServiceError(f"a result of more than {MAX_ROWS} rows")
            return {
                "rows": [list(r) for r in rows],
                "description": [[d[0], None, None, None, None, None, None]
                                for d in cur.description or []],
                "rowcount": cur.rowcount,
                "lastrowid": cur.lastrowid,
            }

    def finish(self, number: Any, how: str) -> None:
        app_conn = self._connection(number)
        with app_conn.lock:
            conn = app_conn.conn
            if how == "commit":
                conn.commit()
            elif how == "rollback":
                conn.rollback()
            else:
                conn.close()
                with self._lock:
                    self._connections.pop(number, None)


class _AppConnection:
    """One of the app's connections, with a time limit on each statement it runs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()
        self.started = time.monotonic()
        conn.set_progress_handler(self._too_long, 10_000)

    def _too_long(self) -> int:
        return int(time.monotonic() - self.started > STATEMENT_TIME_S)


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, list | tuple | dict):
        return params
    raise sqlite3.ProgrammingError("parameters are a sequence or a mapping")


class SqlService:
    """Mix into a challenge's Service to serve SQL to the app (the grader's database)."""

    def __init__(self) -> None:
        self.db = SqlDatabase()

    @exposed
    def sql_connect(self) -> int:
        return self.db.open_connection()

    @exposed
    def sql_execute(self, number: int, sql: str, params: Any = None) -> dict[str, Any]:
        return self.db.run(number, sql, params, many=False)

    @exposed
    def sql_executemany(self, number: int, sql: str, params: Any = None) -> dict[str, Any]:
        return self.db.run(number, sql, params, many=True)

    @exposed
    def sql_finish(self, number: int, how: str) -> None:
        self.db.finish(number, how)


# --- the app's side: a DB-API 2 connection for SQLAlchemy's sqlite dialect ---------------------


def _raise(exc: RemoteError) -> None:
    kind = getattr(sqlite3, exc.kind, None)
    if isinstance(kind, type) and issubclass(kind, sqlite3.Error):
        raise kind(str(exc)) from None
    raise sqlite3.OperationalError(f"{exc.kind}: {exc}") from None


def _call(method: str, *args: Any) -> Any:
    try:
        return grader().call(method, *args)
    except RemoteError as exc:
        _raise(exc)


class Cursor:
    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.description: list[tuple[Any, ...]] | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[tuple[Any, ...]] = []

    def _load(self, answer: dict[str, Any]) -> Cursor:
        self.description = [tuple(d) for d in answer["description"]] or None
        self._rows = [tuple(r) for r in answer["rows"]]
        self.rowcount, self.lastrowid = answer["rowcount"], answer["lastrowid"]
        return self

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        return self._load(_call("sql_execute", self.connection.number, sql, _wire(params)))

    def executemany(self, sql: str, seq: Any) -> Cursor:
        return self._load(_call("sql_executemany", self.connection.number, sql,
                                [_wire(p) for p in seq]))

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[tuple[Any, ...]]:
        size = size or self.arraysize
        taken, self._rows = self._rows[:size], self._rows[size:]
        return taken

    def fetchall(self) -> list[tuple[Any, ...]]:
        taken, self._rows = self._rows, []
        return taken

    def __iter__(self) -> Any:
        return iter(self.fetchall())

    def close(self) -> None:
        self._rows = []

    def setinputsizes(self, *args: Any) -> None:
        pass

    def setoutputsize(self, *args: Any) -> None:
        pass


def _wire(params: Any) -> Any:
    if isinstance(params, dict):
        return dict(params)
    return list(params or ())


class Connection:
    """Looks like a sqlite3 connection to SQLAlchemy; every call goes to the grader."""

    def __init__(self) -> None:
        self.number = _call("sql_connect")
        self.isolation_level: str | None = ""

    def cursor(self) -> Cursor:
        return Cursor(self)

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        return self.cursor().execute(sql, params)

    def commit(self) -> None:
        _call("sql_finish", self.number, "commit")

    def rollback(self) -> None:
        _call("sql_finish", self.number, "rollback")

    def close(self) -> None:
        _call("sql_finish", self.number, "close")

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        """Functions would run here, not in the grader; SQLAlchemy's REGEXP is not offered."""


def connect(*args: Any, **kwargs: Any) -> Connection:
    return Connection()
