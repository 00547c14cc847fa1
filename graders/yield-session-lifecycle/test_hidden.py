"""Hidden tests: a yield dependency that commits, rolls back and closes (black box, over HTTP).

`get_database` is replaced (overrides.py) by a database whose accounts, staged changes and
session records live in the grader's process (service.py, emptied before each test by the
`service` fixture): every commit, rollback and close of a session is recorded there, and the
next commit can be made to fail there. Tests run one request at a time, so the sessions created
by a request are the new entries of the record. With the default dependency scope, code after
`yield` may legitimately run just after the response was sent (closing the session there is
fine), so the tests wait for a request's sessions to be closed (up to a bound) before they read
their events.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body


def events_of(service: Any, send: Any) -> tuple[httpx.Response, list[list[str]]]:
    """Send one request; return it and the events of the sessions it created."""
    before = service.count()
    r = send()
    return r, [s["events"] for s in service.wait_closed(before)]


def create(client: httpx.Client, owner: str, balance: int) -> dict[str, Any]:
    r = client.post("/accounts", json={"owner": owner, "balance_cents": balance})
    assert r.status_code == 201, (
        f"POST /accounts: expected 201, got {r.status_code}: {r.text[:200]}"
    )
    return json_body(r)


def balance(client: httpx.Client, service: Any, account_id: int) -> int:
    """The balance the app shows, which must be the one the grader's database holds."""
    r = client.get(f"/accounts/{account_id}")
    assert r.status_code == 200, f"GET /accounts/{account_id}: expected 200, got {r.status_code}"
    shown = json_body(r).get("balance_cents")
    stored = service.balance(account_id)
    assert shown == stored, (
        f"account {account_id}: the app shows {shown} cents, the database holds {stored}"
    )
    return stored


def transfer(client: httpx.Client, source: int, target: int, amount: int) -> httpx.Response:
    return client.post(
        "/transfers", json={"from_id": source, "to_id": target, "amount_cents": amount}
    )


def assert_one_session(got: list[list[str]], expected: list[str], what: str) -> None:
    assert len(got) == 1, f"{what}: expected 1 session for the request, got {len(got)}: {got}"
    assert got[0] == expected, f"{what}: expected the session events {expected}, got {got[0]}"


# --- behaviour -------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_created_account_can_be_read(client: httpx.Client, service: Any) -> None:
    """A created account is visible to the very next request"""
    account = create(client, "ada", 1500)
    assert account.get("owner") == "ada" and account.get("balance_cents") == 1500, f"{account}"
    r = client.get(f"/accounts/{account['id']}")
    assert r.status_code == 200, (
        f"GET right after the 201: expected 200, got {r.status_code} "
        "(was the commit still pending when the response was sent?)"
    )
    assert json_body(r) == account, f"expected {account}, got {r.text[:200]}"


@pytest.mark.weight(1)
def test_account_body_is_validated(client: httpx.Client, service: Any) -> None:
    """An owner of 1 to 80 characters and a balance of at least 0 are required (422 otherwise)"""
    for body in (
        {"owner": "", "balance_cents": 1},
        {"owner": "x" * 81, "balance_cents": 1},
        {"owner": "ada", "balance_cents": -1},
    ):
        r = client.post("/accounts", json=body)
        assert r.status_code == 422, f"{body}: expected 422, got {r.status_code}: {r.text[:200]}"
    r = client.post("/accounts", json={"owner": "x" * 80, "balance_cents": 0})
    assert r.status_code == 201, f"valid limits: expected 201, got {r.status_code}: {r.text[:200]}"


@pytest.mark.weight(2)
def test_transfer_moves_money(client: httpx.Client, service: Any) -> None:
    """A transfer moves the amount and both balances are saved"""
    a, b = create(client, "ada", 1000), create(client, "bob", 50)
    r = transfer(client, a["id"], b["id"], 300)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    body = json_body(r)
    assert body.get("source", {}).get("balance_cents") == 700, f"source: {body}"
    assert body.get("target", {}).get("balance_cents") == 350, f"target: {body}"
    assert (balance(client, service, a["id"]), balance(client, service, b["id"])) == (700, 350), "not saved"


# --- the session lifecycle -------------------------------------------------------------------


@pytest.mark.weight(3)
def test_success_commits_once_then_closes(client: httpx.Client, service: Any) -> None:
    """A successful write uses one session: commit once, then close"""
    r, got = events_of(
        service, lambda: client.post("/accounts", json={"owner": "cy", "balance_cents": 5})
    )
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    assert_one_session(got, ["commit", "close"], "POST /accounts")


@pytest.mark.weight(3)
def test_error_rolls_back_staged_changes(client: httpx.Client, service: Any) -> None:
    """A 404 half-way through a transfer rolls back the staged debit and closes"""
    a = create(client, "ada", 1000)
    r, got = events_of(service, lambda: transfer(client, a["id"], 999, 400))
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"
    assert_one_session(got, ["rollback", "close"], "transfer to an unknown account")
    assert balance(client, service, a["id"]) == 1000, "the debit of the failed transfer was saved"


@pytest.mark.weight(2)
def test_insufficient_funds_rolls_back(client: httpx.Client, service: Any) -> None:
    """Insufficient funds answer 409 and nothing is saved; the whole balance can be sent"""
    a, b = create(client, "ada", 100), create(client, "bob", 0)
    r, got = events_of(service, lambda: transfer(client, a["id"], b["id"], 101))
    assert r.status_code == 409, f"expected 409, got {r.status_code}: {r.text[:200]}"
    assert isinstance(json_body(r).get("detail"), str), f"expected {{'detail': ...}}, got {r.text}"
    assert_one_session(got, ["rollback", "close"], "transfer without funds")
    assert (balance(client, service, a["id"]), balance(client, service, b["id"])) == (100, 0), "balances changed"
    r = transfer(client, a["id"], b["id"], 100)
    assert r.status_code == 201, (
        f"transferring exactly the whole balance: expected 201, got {r.status_code}: {r.text}"
    )


@pytest.mark.weight(3)
def test_failed_commit_is_never_a_success(client: httpx.Client, service: Any) -> None:
    """When the commit fails the client gets 503, never a 2xx"""
    a, b = create(client, "ada", 1000), create(client, "bob", 0)
    service.fail_next_commit = True
    r = transfer(client, a["id"], b["id"], 250)
    assert r.status_code == 503, (
        f"expected 503 for a failed commit, got {r.status_code}: {r.text[:200]} "
        "(does the commit run after the response was already sent?)"
    )
    assert isinstance(json_body(r).get("detail"), str), f"expected {{'detail': ...}}, got {r.text}"
    assert (balance(client, service, a["id"]), balance(client, service, b["id"])) == (1000, 0), "balances changed"


@pytest.mark.weight(2)
def test_failed_commit_rolls_back_and_closes(client: httpx.Client, service: Any) -> None:
    """A failed commit is followed by a rollback and a close"""
    service.fail_next_commit = True
    _, got = events_of(
        service, lambda: client.post("/accounts", json={"owner": "dee", "balance_cents": 1})
    )
    assert_one_session(got, ["commit", "rollback", "close"], "failed commit")


@pytest.mark.weight(1)
def test_each_request_has_its_own_closed_session(
    client: httpx.Client, service: Any
) -> None:
    """Every request opens its own session and closes it exactly once"""
    a = create(client, "ada", 10)
    before = service.count()
    for _ in range(3):
        assert client.get(f"/accounts/{a['id']}").status_code == 200
    assert client.get("/accounts/424242").status_code == 404
    created = service.wait_closed(before)
    assert len(created) == 4, f"expected 4 sessions for 4 requests, got {len(created)}"
    closes = [s["events"].count("close") for s in created]
    assert closes == [1, 1, 1, 1], f"expected each session closed once, got {closes}"
    assert "commit" not in created[-1]["events"], "the 404 request committed its session"


@pytest.mark.weight(1)
def test_same_account_transfer_400(client: httpx.Client, service: Any) -> None:
    """A transfer to the same account is rejected with 400 and rolled back"""
    a = create(client, "ada", 500)
    r, got = events_of(service, lambda: transfer(client, a["id"], a["id"], 100))
    assert r.status_code == 400, f"expected 400, got {r.status_code}: {r.text[:200]}"
    assert_one_session(got, ["rollback", "close"], "same-account transfer")
