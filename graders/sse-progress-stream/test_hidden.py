"""Hidden tests: a Server-Sent Events progress stream (black box, over HTTP).

`get_feed` is replaced by the fake feed in overrides.py, whose imports, updates and
subscriptions live in the grader's service (service.py, reset before each test by the `service`
fixture): the tests create imports and publish updates there, and wait there until a stream has
subscribed (or let go). The stream is read incrementally and parsed by the WHATWG SSE rules
(crucible_testkit: comments, keep-alives and blocks without data dispatch nothing), so nothing
depends on timing: each update is published before the test reads the event it expects.
"""

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from crucible_testkit import SseStream

READ_TIMEOUT_S = 3.0
SUBSCRIBE_WAIT_S = 5.0


def wait_subscribers(service: Any, import_id: str, count: int, what: str) -> None:
    got = service.wait_subscribers(import_id, count, SUBSCRIBE_WAIT_S)
    assert got == count, (
        f"{what}: expected {count} open iteration(s) of feed.updates(), got {got} "
        f"after {SUBSCRIBE_WAIT_S:g}s"
    )


class Stream:
    """The events of a text/event-stream response, as an EventSource would dispatch them."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._events = SseStream(response)

    def next_event(self, what: str) -> dict[str, Any] | None:
        """The next event ({"id", "event", "data"}), or None when the stream ended."""
        try:
            event = self._events.next_event()
        except httpx.ReadTimeout:
            pytest.fail(f"{what}: no event within {READ_TIMEOUT_S:g}s", pytrace=False)
        if event is None:
            if self._events.ended_inside_event:
                pytest.fail(
                    f"{what}: the stream ended inside an event (no blank line after it)",
                    pytrace=False,
                )
            return None
        return event.as_dict()

    def expect(self, seq: int, event: str, data: dict[str, Any], what: str) -> None:
        got = self.next_event(what)
        assert got is not None, f"{what}: the stream ended, expected event {seq}"
        assert got["id"] == str(seq), f"{what}: expected id: {seq}, got {got}"
        assert got["event"] == event, f"{what}: expected event: {event}, got {got}"
        raw = got["data"]
        try:
            parsed = json.loads(raw)
        except ValueError:
            pytest.fail(f"{what}: data is not valid JSON: {raw!r:.200}", pytrace=False)
        assert parsed == data, f"{what}: expected data {data}, got {parsed!r}"

    def expect_end(self, what: str) -> None:
        got = self.next_event(what)
        assert got is None, f"{what}: expected the stream to end, got another event {got}"


@contextmanager
def open_stream(
    client: httpx.Client, import_id: str, headers: dict[str, str] | None = None
) -> Iterator[Stream]:
    timeout = httpx.Timeout(5.0, read=READ_TIMEOUT_S)
    url = f"/imports/{import_id}/progress"
    with client.stream("GET", url, headers=headers or {}, timeout=timeout) as r:
        assert r.status_code == 200, (
            f"GET {url}: expected 200, got {r.status_code}: {r.read()[:200]!r}"
        )
        content_type = r.headers.get("content-type", "")
        assert content_type.startswith("text/event-stream"), (
            f"expected Content-Type text/event-stream, got {content_type!r}"
        )
        yield Stream(r)


def progress(percent: int, stage: str) -> dict[str, Any]:
    return {"percent": percent, "stage": stage}


# --- streaming -------------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_past_updates_as_events(client: httpx.Client, service: Any) -> None:
    """Published updates arrive as SSE events with an id, the event name and JSON data"""
    import_id = service.new_import()
    service.publish(import_id, 0, "queued")
    service.publish(import_id, 25, "parsing")
    with open_stream(client, import_id) as stream:
        stream.expect(1, "progress", progress(0, "queued"), "first event")
        stream.expect(2, "progress", progress(25, "parsing"), "second event")
        service.publish(import_id, 100, "done")
        stream.expect(3, "done", progress(100, "done"), "final event")


@pytest.mark.weight(3)
def test_live_updates_then_end(client: httpx.Client, service: Any) -> None:
    """Updates published while the client listens are pushed at once; the stream ends after done"""
    import_id = service.new_import()
    with open_stream(client, import_id) as stream:
        wait_subscribers(service, import_id, 1, "after opening the stream")
        service.publish(import_id, 10, "parsing")
        stream.expect(1, "progress", progress(10, "parsing"), "live update")
        service.publish(import_id, 60, "validating")
        stream.expect(2, "progress", progress(60, "validating"), "second live update")
        service.publish(import_id, 100, "done")
        stream.expect(3, "done", progress(100, "done"), "the done event")
        stream.expect_end("after done")


@pytest.mark.weight(2)
def test_failed_import(client: httpx.Client, service: Any) -> None:
    """A failed import ends the stream with a "failed" event carrying the error"""
    import_id = service.new_import()
    service.publish(import_id, 40, "validating")
    service.publish(import_id, 40, "failed", error="row 12: invalid date")
    with open_stream(client, import_id) as stream:
        stream.expect(1, "progress", progress(40, "validating"), "first event")
        stream.expect(
            2,
            "failed",
            {"percent": 40, "stage": "failed", "error": "row 12: invalid date"},
            "the failed event",
        )
        stream.expect_end("after failed")


@pytest.mark.weight(3)
def test_resume_after_last_event_id(client: httpx.Client, service: Any) -> None:
    """Reconnecting with Last-Event-ID resumes right after that event"""
    import_id = service.new_import()
    for percent, stage in ((0, "queued"), (20, "parsing"), (50, "validating"), (80, "writing")):
        service.publish(import_id, percent, stage)
    with open_stream(client, import_id, {"Last-Event-ID": "2"}) as stream:
        stream.expect(3, "progress", progress(50, "validating"), "first event after id 2")
        stream.expect(4, "progress", progress(80, "writing"), "second event after id 2")
        service.publish(import_id, 100, "done")
        stream.expect(5, "done", progress(100, "done"), "final event")
        stream.expect_end("after done")


@pytest.mark.weight(1)
def test_resume_after_the_end(client: httpx.Client, service: Any) -> None:
    """Reconnecting after the final event gets an empty stream that ends at once"""
    import_id = service.new_import()
    service.publish(import_id, 50, "writing")
    final = service.publish(import_id, 100, "done")
    with open_stream(client, import_id, {"Last-Event-ID": str(final)}) as stream:
        stream.expect_end("resuming after the final event")


@pytest.mark.weight(1)
def test_resume_from_zero(client: httpx.Client, service: Any) -> None:
    """Last-Event-ID: 0 replays every event"""
    import_id = service.new_import()
    service.publish(import_id, 0, "queued")
    service.publish(import_id, 100, "done")
    with open_stream(client, import_id, {"Last-Event-ID": "0"}) as stream:
        stream.expect(1, "progress", progress(0, "queued"), "first event")
        stream.expect(2, "done", progress(100, "done"), "final event")


# --- errors and cleanup ----------------------------------------------------------------------


@pytest.mark.weight(2)
def test_unknown_import_404(client: httpx.Client, service: Any) -> None:
    """An unknown import is a plain 404 with a JSON error, not a stream"""
    url = f"/imports/imp-{uuid.uuid4().hex[:10]}/progress"
    try:
        r = client.get(url)
    except httpx.HTTPError as exc:
        pytest.fail(f"GET {url}: the response broke off ({exc}), expected a 404", pytrace=False)
    assert r.status_code == 404, f"expected 404, got {r.status_code}: {r.text[:200]}"
    assert r.headers.get("content-type", "").startswith("application/json"), (
        f"expected a JSON error, got Content-Type {r.headers.get('content-type')!r}"
    )
    assert isinstance(r.json().get("detail"), str), f"expected {{'detail': '...'}}, got {r.text}"


@pytest.mark.weight(1)
def test_bad_last_event_id_422(client: httpx.Client, service: Any) -> None:
    """A Last-Event-ID that is not a non-negative integer is a 422"""
    import_id = service.new_import()
    service.publish(import_id, 100, "done")
    for bad in ("abc", "-1"):
        r = client.get(f"/imports/{import_id}/progress", headers={"Last-Event-ID": bad})
        assert r.status_code == 422, f"Last-Event-ID {bad!r}: expected 422, got {r.status_code}"


@pytest.mark.weight(2)
def test_disconnect_releases_the_subscription(client: httpx.Client, service: Any) -> None:
    """When the client goes away, the server stops listening to the feed"""
    import_id = service.new_import()
    service.publish(import_id, 10, "parsing")
    with (
        httpx.Client(base_url=str(client.base_url), trust_env=False) as own,
        open_stream(own, import_id) as stream,
    ):
        stream.expect(1, "progress", progress(10, "parsing"), "first event")
        wait_subscribers(service, import_id, 1, "while the client listens")
    wait_subscribers(service, import_id, 0, "after the client disconnected")
