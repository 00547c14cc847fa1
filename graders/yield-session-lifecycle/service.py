"""The grader's side of yield-session-lifecycle (runs in the grader's process, see
crucible_link.py): the accounts, every session's staged changes, and the record of what each
session did. The app's sessions (overrides.py) are thin proxies: reading an account, staging a
change and committing it all happen here, so a session's `commit`, `rollback` and `close` are
recorded where the data they act on lives, out of the app's reach. The tests arm a failing
commit here and read the events of each session back.
"""

from __future__ import annotations

import threading
from typing import Any

from crucible_link import ServiceError, exposed

CLOSE_WAIT_S = 2.0  # a session closed after the response is closed within microseconds
AFTER_A_MISS_S = 0.5  # once an app has left a session open that long, it never closes them


class CommitRefused(ServiceError):
    """The next commit was armed to fail: nothing is saved (the app raises its CommitError)."""


class Service:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._close_wait_s = CLOSE_WAIT_S
        self._all: dict[int, dict[str, Any]] = {}  # every session of the run, by number
        self._next_session = 1
        self.reset()

    def reset(self) -> None:
        """Before each test: no accounts, no sessions, ids from 1, no failure armed."""
        with self._lock:
            # A session of the previous test may still close after its response was sent: it
            # keeps its number (numbers are never reused) and its events land on it, out of
            # this test's record, and its commit no longer reaches this test's accounts.
            self.generation = getattr(self, "generation", 0) + 1
            self.accounts: dict[int, dict[str, Any]] = {}
            self.sessions: list[dict[str, Any]] = []  # this test's, in creation order
            self._next_account = 1
            self.fail_next_commit = False
            self._lock.notify_all()

    # -- what the tests use -------------------------------------------------------------------

    def events(self) -> list[dict[str, Any]]:
        """Every session in creation order: [{"id": 1, "events": ["commit", "close"]}, ...]."""
        with self._lock:
            return [{"id": s["id"], "events": list(s["events"])} for s in self.sessions]

    def count(self) -> int:
        with self._lock:
            return len(self.sessions)

    def wait_closed(self, since: int) -> list[dict[str, Any]]:
        """The sessions created after the first `since`, as soon as every one of them is closed
        (code after `yield` may run just after the response was sent), or after a bound: 2 s,
        0.5 s once a session of this run was still open after 2 s (an app that never closes its
        sessions would otherwise spend its whole time limit here)."""
        with self._lock:
            closed = self._lock.wait_for(
                lambda: all("close" in s["events"] for s in self.sessions[since:]),
                self._close_wait_s)
            if not closed:
                self._close_wait_s = AFTER_A_MISS_S
        return self.events()[since:]

    def balance(self, account_id: int) -> int | None:
        with self._lock:
            found = self.accounts.get(account_id)
            return None if found is None else found["balance_cents"]

    # -- what the app's sessions do -----------------------------------------------------------

    def _session(self, number: Any) -> dict[str, Any]:
        found = self._all.get(number) if isinstance(number, int) else None
        if found is None:
            raise ServiceError("no such session")
        return found

    def _record(self, number: Any, event: str) -> dict[str, Any]:
        session = self._session(number)
        session["events"].append(event)
        self._lock.notify_all()
        return session

    @exposed
    def open_session(self) -> int:
        with self._lock:
            if len(self.sessions) >= 10_000:
                raise ServiceError("too many sessions")
            number = self._next_session
            self._next_session += 1
            session = {"id": number, "events": [], "staged": {}, "generation": self.generation}
            self.sessions.append(session)
            self._all[number] = session
            if len(self._all) > 20_000:
                self._all.pop(next(iter(self._all)))
            return number

    @exposed
    def next_id(self) -> int:
        with self._lock:
            number = self._next_account
            self._next_account += 1
            return number

    @exposed
    def get(self, number: int, account_id: int) -> dict[str, Any] | None:
        with self._lock:
            session = self._session(number)
            stored = self.accounts if session["generation"] == self.generation else {}
            found = session["staged"].get(account_id, stored.get(account_id))
            return dict(found) if found is not None else None

    @exposed
    def add(self, number: int, owner: str, balance_cents: int) -> dict[str, Any]:
        if not isinstance(owner, str) or not isinstance(balance_cents, int):
            raise ServiceError("an account is an owner and a whole number of cents")
        account_id = self.next_id()
        with self._lock:
            account = {"id": account_id, "owner": owner, "balance_cents": balance_cents}
            self._session(number)["staged"][account_id] = account
            return dict(account)

    @exposed
    def save(self, number: int, account: dict[str, Any]) -> None:
        if not isinstance(account, dict) or not isinstance(account.get("id"), int) \
                or not isinstance(account.get("owner"), str) \
                or not isinstance(account.get("balance_cents"), int):
            raise ServiceError("an account is {id, owner, balance_cents}")
        with self._lock:
            self._session(number)["staged"][account["id"]] = {
                "id": account["id"], "owner": account["owner"],
                "balance_cents": account["balance_cents"]}

    @exposed
    def commit(self, number: int) -> None:
        with self._lock:
            session = self._record(number, "commit")
            if self.fail_next_commit:
                self.fail_next_commit = False
                raise CommitRefused("the database refused the commit")
            if session["generation"] == self.generation:
                self.accounts.update(session["staged"])
            session["staged"] = {}

    @exposed
    def rollback(self, number: int) -> None:
        with self._lock:
            self._record(number, "rollback")["staged"] = {}

    @exposed
    def close(self, number: int) -> None:
        with self._lock:
            self._record(number, "close")["staged"] = {}
