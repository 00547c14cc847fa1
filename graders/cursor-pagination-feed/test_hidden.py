"""Hidden tests: keyset (cursor) pagination of event streams (black box, over HTTP).

Every test writes to its own fresh stream, so tests never see each other's events.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

PAGE_KEYS = {"items", "next_cursor", "has_more"}


def new_stream() -> str:
    return f"t-{uuid.uuid4().hex[:16]}"


def append(client: httpx.Client, stream: str, n: int) -> list[int]:
    seqs = []
    for i in range(n):
        r = client.post(f"/streams/{stream}/events", json={"type": "tick", "data": {"n": i}})
        assert r.status_code == 201, (
            f"POST event: expected 201, got {r.status_code}: {r.text[:200]}"
        )
        seqs.append(json_body(r)["seq"])
    return seqs


def read(client: httpx.Client, stream: str, **params: Any) -> dict[str, Any]:
    r = client.get(f"/streams/{stream}/events", params=params)
    assert r.status_code == 200, (
        f"GET events {params}: expected 200, got {r.status_code}: {r.text[:200]}"
    )
    body = json_body(r)
    assert isinstance(body, dict) and set(body) == PAGE_KEYS, (
        f"expected an object with exactly the keys {sorted(PAGE_KEYS)}, got {body!r}"[:400]
    )
    return body


def seqs(page: dict[str, Any]) -> list[Any]:
    return [item.get("seq") for item in page["items"]]


def walk(client: httpx.Client, stream: str, limit: int, max_pages: int = 50) -> list[Any]:
    """Follow next_cursor while has_more is true; return every seq seen, in order."""
    page = read(client, stream, limit=limit)
    seen = seqs(page)
    for _ in range(max_pages):
        if not page["has_more"]:
            return seen
        assert isinstance(page["next_cursor"], str), (
            f"has_more is true, so expected next_cursor to be a string, got {page['next_cursor']!r}"
        )
        page = read(client, stream, limit=limit, cursor=page["next_cursor"])
        seen.extend(seqs(page))
    pytest.fail(f"still has_more after {max_pages} pages: seqs so far {seen[:40]}", pytrace=False)


@pytest.mark.weight(2)
def test_append_assigns_seq_from_zero(client: httpx.Client) -> None:
    """Appending answers 201 with the event; seq starts at 0 in each stream and goes up by 1"""
    stream = new_stream()
    r = client.post(f"/streams/{stream}/events", json={"type": "order.created", "data": {"id": 7}})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
    assert json_body(r) == {"seq": 0, "type": "order.created", "data": {"id": 7}}, (
        f"got {r.text[:200]}"
    )
    assert append(client, stream, 2) == [1, 2]
    assert append(client, new_stream(), 1) == [0], "a new stream must start again at seq 0"


@pytest.mark.weight(3)
def test_first_page(client: httpx.Client) -> None:
    """The first page holds the oldest events in seq order, and a cursor to go on"""
    stream = new_stream()
    append(client, stream, 5)
    page = read(client, stream, limit=2)
    assert seqs(page) == [0, 1], f"expected seqs [0, 1], got {seqs(page)}"
    assert page["items"][0] == {"seq": 0, "type": "tick", "data": {"n": 0}}, (
        f"expected the full event, got {page['items'][0]!r}"
    )
    assert page["has_more"] is True, f"expected has_more true, got {page['has_more']!r}"
    assert isinstance(page["next_cursor"], str) and page["next_cursor"], (
        f"expected a non-empty string next_cursor, got {page['next_cursor']!r}"
    )
    default = read(client, stream)
    assert seqs(default) == [0, 1, 2, 3, 4], f"default limit: expected all 5, got {seqs(default)}"
    append(client, stream, 20)
    default = read(client, stream)
    assert seqs(default) == list(range(20)) and default["has_more"] is True, (
        f"25 events, no limit: expected seqs 0..19 (default limit 20) and has_more true, "
        f"got {seqs(default)} has_more={default['has_more']}"
    )


@pytest.mark.weight(3)
def test_walk_with_cursor(client: httpx.Client) -> None:
    """Following next_cursor visits every event exactly once, in order"""
    stream = new_stream()
    append(client, stream, 7)
    seen = walk(client, stream, limit=3)
    assert seen == list(range(7)), f"expected seqs 0..6 once each, got {seen}"


@pytest.mark.weight(3)
def test_cursor_after_seq_zero(client: httpx.Client) -> None:
    """A cursor positioned after the event with seq 0 does not restart the stream"""
    stream = new_stream()
    append(client, stream, 3)
    first = read(client, stream, limit=1)
    assert seqs(first) == [0], f"expected [0], got {seqs(first)}"
    second = read(client, stream, limit=1, cursor=first["next_cursor"])
    assert seqs(second) == [1], (
        f"the cursor after seq 0 must lead to seq 1, got {seqs(second)} "
        "(is position 0 treated as 'no cursor'?)"
    )


@pytest.mark.weight(2)
def test_has_more_on_exact_last_page(client: httpx.Client) -> None:
    """has_more is false when the page ends exactly at the last event"""
    stream = new_stream()
    append(client, stream, 4)
    first = read(client, stream, limit=2)
    assert first["has_more"] is True, (
        f"page 1 of 2: expected has_more true, got {first['has_more']}"
    )
    last = read(client, stream, limit=2, cursor=first["next_cursor"])
    assert seqs(last) == [2, 3], f"expected [2, 3], got {seqs(last)}"
    assert last["has_more"] is False, (
        f"page 2 of 2 ends at the last event: expected has_more false, got {last['has_more']}"
    )
    whole = read(client, stream, limit=4)
    assert whole["has_more"] is False, (
        f"limit=4 of 4 events: expected false, got {whole['has_more']}"
    )


@pytest.mark.weight(2)
def test_resume_after_the_end(client: httpx.Client) -> None:
    """A cursor from the end of the stream later returns the events appended since"""
    stream = new_stream()
    append(client, stream, 2)
    page = read(client, stream, limit=5)
    assert page["has_more"] is False and isinstance(page["next_cursor"], str), (
        f"expected has_more false and a string next_cursor, got {page!r}"[:300]
    )
    at_end = read(client, stream, limit=5, cursor=page["next_cursor"])
    assert at_end["items"] == [] and at_end["has_more"] is False, (
        f"nothing new yet: expected no items and has_more false, got {at_end!r}"[:300]
    )
    assert isinstance(at_end["next_cursor"], str), (
        f"an empty page read with a cursor keeps a cursor, got {at_end['next_cursor']!r}"
    )
    append(client, stream, 2)
    for cursor in (page["next_cursor"], at_end["next_cursor"]):
        later = read(client, stream, limit=5, cursor=cursor)
        assert seqs(later) == [2, 3], f"expected the new events [2, 3], got {seqs(later)}"


@pytest.mark.weight(3)
def test_deletes_do_not_shift_pages(client: httpx.Client) -> None:
    """Deleting events already read does not make the next page skip or repeat events"""
    stream = new_stream()
    append(client, stream, 6)
    first = read(client, stream, limit=3)
    assert seqs(first) == [0, 1, 2], f"expected [0, 1, 2], got {seqs(first)}"
    for seq in (0, 1):
        r = client.delete(f"/streams/{stream}/events/{seq}")
        assert r.status_code == 204, f"DELETE seq {seq}: expected 204, got {r.status_code}"
    second = read(client, stream, limit=3, cursor=first["next_cursor"])
    assert seqs(second) == [3, 4, 5], (
        f"after deleting seqs 0 and 1, the next page must still be [3, 4, 5], got {seqs(second)}"
    )


@pytest.mark.weight(2)
def test_delete(client: httpx.Client) -> None:
    """A deleted event disappears, its seq is never reused, and an unknown seq is 404"""
    stream = new_stream()
    append(client, stream, 3)
    r = client.delete(f"/streams/{stream}/events/2")
    assert r.status_code == 204, f"expected 204, got {r.status_code}"
    assert seqs(read(client, stream)) == [0, 1], "the deleted event is still listed"
    again = client.delete(f"/streams/{stream}/events/2")
    assert again.status_code == 404, f"deleting it again: expected 404, got {again.status_code}"
    missing = client.delete(f"/streams/{new_stream()}/events/0")
    assert missing.status_code == 404, f"unknown stream: expected 404, got {missing.status_code}"
    assert append(client, stream, 1) == [3], "a new event must get seq 3, not reuse the deleted 2"


@pytest.mark.weight(1)
def test_unknown_stream_is_empty(client: httpx.Client) -> None:
    """A stream without events reads as an empty page"""
    page = read(client, new_stream())
    assert page == {"items": [], "next_cursor": None, "has_more": False}, f"got {page}"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.weight(3)
def test_invalid_cursor_400(client: httpx.Client) -> None:
    """A cursor the app did not issue is rejected with 400 and a detail message"""
    stream = new_stream()
    append(client, stream, 2)
    for cursor in (
        "not-a-cursor",
        "!!!",
        "-5",
        _b64("null"),
        _b64('{"seq": "x"}'),
        _b64('{"after": "x", "seq": "x", "offset": "x", "id": "x"}'),
        "\u00e9t\u00e9",
    ):
        r = client.get(f"/streams/{stream}/events", params={"cursor": cursor})
        assert r.status_code == 400, f"cursor={cursor!r}: expected 400, got {r.status_code}"
        body = json_body(r)
        assert isinstance(body, dict) and isinstance(body.get("detail"), str), (
            f"cursor={cursor!r}: expected {{'detail': '<message>'}}, got {body!r}"
        )


@pytest.mark.weight(1)
def test_empty_cursor_400(client: httpx.Client) -> None:
    """An empty cursor parameter is invalid, not the first page"""
    stream = new_stream()
    append(client, stream, 2)
    r = client.get(f"/streams/{stream}/events", params={"cursor": ""})
    assert r.status_code == 400, f"cursor='': expected 400, got {r.status_code}: {r.text[:200]}"


@pytest.mark.weight(2)
def test_limit_bounds(client: httpx.Client) -> None:
    """limit must be from 1 to 100: anything else is a 422 on the limit parameter"""
    stream = new_stream()
    for limit in (0, 101, "ten"):
        r = client.get(f"/streams/{stream}/events", params={"limit": limit})
        assert r.status_code == 422, f"limit={limit!r}: expected 422, got {r.status_code}"
        locs = [e.get("loc") for e in json_body(r).get("detail", [])]
        assert ["query", "limit"] in locs, (
            f"limit={limit!r}: expected loc ['query', 'limit'], got {locs}"
        )
    append(client, stream, 1)
    assert seqs(read(client, stream, limit=100)) == [0], "limit=100 must be accepted"
