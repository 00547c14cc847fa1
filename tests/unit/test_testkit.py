"""The graders' shared test helpers (graders/runtime/crucible_testkit.py), on the host: the SSE
parser dispatches exactly what the WHATWG rules (and so a browser's EventSource) dispatch, in
any chunking of the stream, and a capped read stops at its cap."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "graders" / "runtime"
sys.path.insert(0, str(RUNTIME))

from crucible_testkit import (  # noqa: E402
    BodyTooLarge,
    SseEvent,
    SseParser,
    SseStream,
    iter_capped,
    parse_sse,
    read_capped,
)


def triples(events: list[SseEvent]) -> list[tuple[str, str, str]]:
    return [(e.event, e.data, e.id) for e in events]


def test_a_plain_event() -> None:
    events = parse_sse('id: 2\nevent: progress\ndata: {"percent": 25}\n\n')
    assert triples(events) == [("progress", '{"percent": 25}', "2")]
    assert events[0].json() == {"percent": 25}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending(newline: str) -> None:
    body = newline.join(["event: a", "data: 1", "", "data: 2", "data: 3", "", ""])
    assert triples(parse_sse(body)) == [("a", "1", ""), ("message", "2\n3", "")]


def test_mixed_line_endings() -> None:
    assert triples(parse_sse("data: x\r\ndata: y\rdata: z\n\r\n")) == [("message", "x\ny\nz", "")]


def test_blocks_without_data_dispatch_nothing() -> None:
    body = "retry: 3000\n\n: ping\n\n:\n\nevent: progress\n\nid: 7\n\ndata: real\n\n"
    parser = SseParser()
    events = parser.feed(body) + parser.close()
    assert triples(events) == [("message", "real", "7")]  # the type was reset, the id kept
    assert parser.retry == 3000


def test_an_empty_data_line_is_an_event() -> None:
    assert triples(parse_sse("data\n\ndata:\n\ndata: \n\n")) == [("message", "", "")] * 3
    assert triples(parse_sse("data:\ndata:\n\n")) == [("message", "\n", "")]


def test_only_one_leading_space_is_stripped() -> None:
    assert parse_sse("data:  two\n\n")[0].data == " two"
    assert parse_sse("data:none\n\n")[0].data == "none"
    assert parse_sse("data: a: b\n\n")[0].data == "a: b"  # only the first colon splits


def test_a_field_without_colon_has_an_empty_value() -> None:
    events = parse_sse("event: x\nevent\ndata: 1\n\nid: 5\ndata: 2\n\nid\ndata: 3\n\n")
    assert triples(events) == [("message", "1", ""), ("message", "2", "5"), ("message", "3", "")]


def test_the_id_persists_and_nul_ids_are_ignored() -> None:
    events = parse_sse("id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\n")
    assert [e.id for e in events] == ["1", "1", "1"]


def test_comments_unknown_fields_and_bad_retry_are_ignored() -> None:
    parser = SseParser()
    events = parser.feed(": hello\nfoo: bar\nData: no\nretry: 12a\nretry\ndata: ok\n\n")
    assert triples(events) == [("message", "ok", "")]
    assert parser.retry is None


def test_an_unfinished_block_is_dropped_at_the_end() -> None:
    parser = SseParser()
    assert triples(parser.feed("data: 1\n\ndata: 2\n")) == [("message", "1", "")]
    assert parser.close() == []
    assert parser.incomplete
    done = SseParser()
    done.feed("data: 1\n\n: trailing comment\n")
    assert not done.incomplete
    partial = SseParser()
    partial.feed("data: 1\n\nda")
    assert partial.incomplete


def test_a_leading_bom_is_dropped_once() -> None:
    assert triples(parse_sse("\ufeffdata: a\n\n")) == [("message", "a", "")]
    # a second BOM is part of the field name, which is then unknown
    assert parse_sse("\ufeff\ufeffdata: a\n\n") == []


BODY = (
    '\ufeff: ping\r\nid: 1\r\nevent: progress\r\ndata: {"p": "é→"}\r\n\r\n'
    "retry: 10\r\r"
    "id: 2\revent: done\rdata: a\rdata: b\r\r"
    "data: last\n\n"
).encode()


def test_any_chunking_gives_the_same_events() -> None:
    whole = parse_sse(BODY)
    assert triples(whole) == [
        ("progress", '{"p": "é→"}', "1"),
        ("done", "a\nb", "2"),
        ("message", "last", "2"),
    ]
    for size in range(1, 8):
        chunks = [BODY[i : i + size] for i in range(0, len(BODY), size)]
        assert parse_sse(chunks) == whole, f"chunks of {size} bytes"
    for cut in range(len(BODY)):
        assert parse_sse([BODY[:cut], BODY[cut:]]) == whole, f"cut at {cut}"


def test_a_cr_at_a_chunk_end_dispatches_at_once() -> None:
    parser = SseParser()
    assert triples(parser.feed(b"data: a\r\r")) == [("message", "a", "")]
    assert parser.feed(b"\ndata: b\n\n") == [SseEvent("message", "b", "")]  # the LF of "\r\n"


class FakeResponse:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.read = 0

    def iter_bytes(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk


def test_read_capped() -> None:
    assert read_capped(FakeResponse([b"ab", b"", b"cd"]), max_bytes=4) == b"abcd"
    response = FakeResponse([b"ab", b"cd", b"ef", b"gh"])
    with pytest.raises(BodyTooLarge):
        read_capped(response, max_bytes=5)
    assert response.read == 3  # stopped at the chunk that crossed the cap
    assert isinstance(BodyTooLarge("x"), AssertionError)
    got = []
    with pytest.raises(BodyTooLarge):
        for chunk in iter_capped(FakeResponse([b"12", b"34"]), max_bytes=3):
            got.append(chunk)
    assert got == [b"12"]


def test_sse_stream_reads_events_as_they_arrive() -> None:
    response = FakeResponse([b"id: 1\nda", b"ta: x\n", b"\n", b": ping\n\n", b"data: y\n"])
    stream = SseStream(response)
    assert stream.next_event() == SseEvent("message", "x", "1")
    assert response.read == 3  # no more than needed for the first event
    assert stream.next_event() is None
    assert stream.ended and stream.ended_inside_event
    assert stream.next_event() is None
    capped = SseStream(FakeResponse([b"data: 1\n\n", b"data: 22222\n\n"]), max_bytes=12)
    assert capped.next_event() == SseEvent("message", "1", "")
    with pytest.raises(BodyTooLarge):
        capped.next_event()
    full = SseStream(FakeResponse([b"data: 1\n\ndata: 2\n\n"]))
    assert [e.data for e in full] == ["1", "2"]
    assert not full.ended_inside_event
