"""Hidden tests: repository protocol, service layer and domain errors (black box, over HTTP).

overrides.py replaces `get_user_repository` with the grader's own repository, whose users and
record of calls live in the grader's process (service.py): every test starts with an empty one
(the `service` fixture resets it), can store users directly, read what was stored and which
methods were called, and make the next write fail as a concurrent insert.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from crucible_checks import json_body

WRITES = {"add", "save", "delete"}


def stored(service: Any) -> list[dict[str, Any]]:
    return service.stored()


def seed(service: Any, email: str, name: str) -> dict[str, Any]:
    return service.insert(email, name)


def calls(service: Any) -> list[dict[str, Any]]:
    return service.recorded()


def race_next_write(service: Any) -> None:
    service.race_next_write = True


def create(client: httpx.Client, email: str, name: str = "Alice") -> httpx.Response:
    return client.post("/users", json={"email": email, "name": name})


def assert_status(r: httpx.Response, expected: int, what: str) -> None:
    assert r.status_code == expected, f"{what}: expected {expected}, got {r.status_code}: {r.text[:200]}"


def assert_detail(r: httpx.Response, what: str) -> None:
    body = json_body(r)
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), (
        f"{what}: expected {{'detail': '<message>'}}, got {r.text[:200]}"
    )


# --- registering -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_register_stores_through_the_repository(client: httpx.Client, service: Any) -> None:
    """Registering answers 201 with the user and a Location, stored through the repository"""
    r = create(client, "alice@example.com", "Alice")
    assert_status(r, 201, "POST /users")
    user = json_body(r)
    assert user.get("email") == "alice@example.com" and user.get("name") == "Alice", f"got {user}"
    in_repo = stored(service)
    assert [u["email"] for u in in_repo] == ["alice@example.com"], (
        f"expected the user in the injected repository (get_user_repository), found {in_repo}"
    )
    assert user.get("id") == in_repo[0]["id"], (
        f"the id should be the one the repository assigned ({in_repo[0]['id']}), got {user.get('id')}"
    )
    location = r.headers.get("Location", "")
    assert location.endswith(f"/users/{user['id']}"), f"Location: expected /users/{user['id']}, got {location!r}"


@pytest.mark.weight(2)
def test_email_is_normalized(client: httpx.Client, service: Any) -> None:
    """Emails are stored trimmed and in lower case"""
    r = create(client, "  Bob.Smith@Example.COM ", "Bob")
    assert_status(r, 201, "POST /users")
    assert json_body(r).get("email") == "bob.smith@example.com", f"expected bob.smith@example.com, got {r.text[:200]}"
    adds = [c for c in calls(service) if c["method"] == "add"]
    assert adds and all(c["args"].get("email") == "bob.smith@example.com" for c in adds), (
        f"repository.add should receive the normalized email, got {adds}"
    )
    in_repo = [u["email"] for u in stored(service)]
    assert in_repo == ["bob.smith@example.com"], (
        f"expected one user stored with the normalized email, found {in_repo}"
    )


@pytest.mark.weight(3)
def test_duplicate_email_409(client: httpx.Client, service: Any) -> None:
    """A second registration with the same email, in any case, is 409"""
    assert_status(create(client, "carol@example.com", "Carol"), 201, "first registration")
    again = create(client, "CAROL@example.com", "Carol Two")
    assert_status(again, 409, "same email in another case")
    assert_detail(again, "409")
    assert len(stored(service)) == 1, f"expected 1 stored user, got {stored(service)}"


@pytest.mark.weight(2)
def test_conflict_with_a_stored_user(client: httpx.Client, service: Any) -> None:
    """The uniqueness check uses the injected repository's data"""
    seed(service, "dave@example.com", "Dave")
    r = create(client, "dave@example.com", "Impostor")
    assert_status(r, 409, "email of a user already in the repository")


@pytest.mark.weight(3)
def test_concurrent_registration_409(client: httpx.Client, service: Any) -> None:
    """If the repository reports a duplicate on insert (a concurrent registration), the answer is 409"""
    race_next_write(service)
    r = create(client, "erin@example.com", "Erin")
    assert_status(r, 409, "add() raised DuplicateEmailError")
    assert_detail(r, "409")


@pytest.mark.weight(1)
def test_invalid_body_never_writes(client: httpx.Client, service: Any) -> None:
    """An invalid registration is 422 and writes nothing"""
    for body in ({"email": "not-an-email", "name": "X"}, {"email": "x@example.com", "name": ""},
                 {"email": "x@example.com", "name": "y" * 101}, {"name": "No Email"}):
        r = client.post("/users", json=body)
        assert_status(r, 422, f"POST /users {body}")
    writes = [c for c in calls(service) if c["method"] in WRITES]
    assert writes == [], f"invalid bodies reached the repository: {writes}"


# --- reading, updating, deleting ---------------------------------------------------------------


@pytest.mark.weight(2)
def test_read_user_and_404(client: httpx.Client, service: Any) -> None:
    """GET /users/{id} returns a stored user, and 404 for an unknown id"""
    frank = seed(service, "frank@example.com", "Frank")
    r = client.get(f"/users/{frank['id']}")
    assert_status(r, 200, "GET a stored user")
    assert json_body(r) == frank, f"expected {frank}, got {r.text[:200]}"
    missing = client.get("/users/999999")
    assert_status(missing, 404, "GET an unknown user")
    assert_detail(missing, "404")


@pytest.mark.weight(2)
def test_update_own_email_is_not_a_conflict(client: httpx.Client, service: Any) -> None:
    """Updating a user with their own email (in another case) is not a conflict"""
    grace = seed(service, "grace@example.com", "Grace")
    r = client.patch(f"/users/{grace['id']}", json={"email": "GRACE@example.com", "name": "Grace H."})
    assert_status(r, 200, "PATCH with the user's own email")
    assert json_body(r) == {"id": grace["id"], "email": "grace@example.com", "name": "Grace H."}, (
        f"got {r.text[:200]}"
    )
    assert stored(service) == [json_body(r)], f"the repository holds {stored(service)}"


@pytest.mark.weight(2)
def test_update_to_taken_email_409(client: httpx.Client, service: Any) -> None:
    """Changing an email to another user's is 409, and changes nothing"""
    heidi = seed(service, "heidi@example.com", "Heidi")
    ivan = seed(service, "ivan@example.com", "Ivan")
    r = client.patch(f"/users/{ivan['id']}", json={"email": "Heidi@Example.com"})
    assert_status(r, 409, "PATCH to another user's email")
    assert_detail(r, "409")
    assert sorted(stored(service), key=lambda u: u["id"]) == [heidi, ivan], (
        f"the repository changed: {stored(service)}"
    )
    race_next_write(service)
    raced = client.patch(f"/users/{ivan['id']}", json={"email": "ivan.new@example.com"})
    assert_status(raced, 409, "PATCH when save() raised DuplicateEmailError")


@pytest.mark.weight(2)
def test_update_name_only(client: httpx.Client, service: Any) -> None:
    """A PATCH with only a name keeps the email, and an unknown id is 404"""
    judy = seed(service, "judy@example.com", "Judy")
    r = client.patch(f"/users/{judy['id']}", json={"name": "Judith"})
    assert_status(r, 200, "PATCH name only")
    assert json_body(r) == {"id": judy["id"], "email": "judy@example.com", "name": "Judith"}, f"got {r.text[:200]}"
    missing = client.patch("/users/999999", json={"name": "Nobody"})
    assert_status(missing, 404, "PATCH an unknown user")


@pytest.mark.weight(2)
def test_delete_then_404(client: httpx.Client, service: Any) -> None:
    """DELETE answers 204, then the user is gone (404)"""
    ken = seed(service, "ken@example.com", "Ken")
    r = client.delete(f"/users/{ken['id']}")
    assert_status(r, 204, "DELETE a stored user")
    assert r.content == b"", f"a 204 has no body, got {r.text[:100]!r}"
    assert stored(service) == [], f"the user is still in the repository: {stored(service)}"
    assert_status(client.get(f"/users/{ken['id']}"), 404, "GET after DELETE")
    again = client.delete(f"/users/{ken['id']}")
    assert_status(again, 404, "DELETE again")
    assert_detail(again, "404")
