"""Helpers shared by the hidden and example tests (the grader's process has graders/runtime on
its PYTHONPATH: `from crucible_testkit import SseStream, parse_sse, read_capped`).

One copy of what several graders need, so that each does not carry its own slightly different
version:

- a Server-Sent Events parser that follows the WHATWG rules for `text/event-stream`
  (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
  i.e. it sees exactly the events a browser's `EventSource` would dispatch;
- reading a streaming response with a cap on the bytes taken from the candidate's app.

Nothing here imports pytest or httpx: a failure is an `AssertionError` with a readable message,
and a response is anything with `iter_bytes()`.
"""

from __future__ import annotations

import codecs
import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

DEFAULT_MAX_BYTES = 1024 * 1024


# --- reading with a byte cap ----------------------------------------------------------------


class BodyTooLarge(AssertionError):
    """The app sent more than the test was willing to read."""


class _Streaming(Protocol):
    def iter_bytes(self) -> Iterator[bytes]: ...


def iter_capped(response: _Streaming, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[bytes]:
    """The (decoded) body of a streaming response chunk by chunk, as it arrives; raises
    `BodyTooLarge` as soon as more than `max_bytes` came (what was read so far is not lost:
    the chunks before were already yielded)."""
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise BodyTooLarge(f"the response body is over {max_bytes} bytes; stopped reading")
        if chunk:
            yield chunk


def read_capped(response: _Streaming, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The whole body of a streaming response (`client.stream(...)`), at most `max_bytes`:
    raises `BodyTooLarge` past it, so an endless or huge body cannot exhaust the grader."""
    return b"".join(iter_capped(response, max_bytes))


# --- Server-Sent Events ---------------------------------------------------------------------


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event, as `EventSource` would deliver it."""

    event: str  # the type: the block's `event` field, "message" when it has none (or empty)
    data: str  # the block's `data` lines joined with "\n"
    id: str  # the last event ID at dispatch ("" if none yet): it persists across events

    def json(self) -> Any:
        """`data` parsed as JSON (raises ValueError when it is not JSON)."""
        return json.loads(self.data)

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "event": self.event, "data": self.data}


class SseParser:
    """An incremental `text/event-stream` parser: feed it chunks (bytes or text) in the order
    they arrived; each `feed` returns the events completed by that chunk.

    The WHATWG rules: the stream is UTF-8 (one leading BOM dropped); lines end with CRLF, LF or
    CR; a line starting with ":" is a comment; `name: value` drops one space after the colon, a
    line without a colon is a field with an empty value; `data` appends its value and a LF to
    the data buffer, `event` sets the type, `id` sets the last event ID (unless it contains
    NUL; the ID persists across events), `retry` sets the reconnection time when it is all
    ASCII digits; any other field is ignored. A blank line dispatches: when the data buffer is
    empty (a block of only `retry:`, `id:`, `event:` or comments) NO event is dispatched, and
    the type is reset either way. At the end of the stream an unfinished block is discarded
    (`incomplete` tells whether one was lost)."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False  # the BOM check happens on the first decoded character
        self._line = ""  # the current, unterminated line
        self._skip_lf = False  # the last chunk ended with CR: a LF right after belongs to it
        self._data: list[str] = []
        self._event = ""
        self._has_data = False
        self.last_event_id = ""
        self.retry: int | None = None  # the reconnection time in ms the stream asked for

    # feeding

    def feed(self, chunk: bytes | str) -> list[SseEvent]:
        text = self._decoder.decode(chunk) if isinstance(chunk, bytes | bytearray) else chunk
        return self._feed_text(text)

    def close(self) -> list[SseEvent]:
        """The end of the stream: flushes the decoder; an unfinished block is dropped."""
        return self._feed_text(self._decoder.decode(b"", final=True))

    @property
    def incomplete(self) -> bool:
        """True when the stream so far ends inside an event: data (or an unterminated field
        line) that a blank line would still have to dispatch."""
        return self._has_data or (self._line != "" and not self._line.startswith(":"))

    def _feed_text(self, text: str) -> list[SseEvent]:
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        events: list[SseEvent] = []
        start = 0
        if self._skip_lf and text:
            self._skip_lf = False
            if text[0] == "\n":
                start = 1
        n = len(text)
        i = start
        while i < n:
            ch = text[i]
            if ch == "\r" or ch == "\n":
                line = self._line + text[start:i]
                self._line = ""
                if ch == "\r":
                    if i + 1 < n:
                        if text[i + 1] == "\n":
                            i += 1
                    else:
                        self._skip_lf = True
                event = self._process(line)
                if event is not None:
                    events.append(event)
                i += 1
                start = i
            else:
                i += 1
        self._line += text[start:]
        return events

    # the WHATWG steps

    def _process(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._has_data = True
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_event_id = value
        elif name == "retry" and value and all("0" <= c <= "9" for c in value):
            self.retry = int(value)
        return None

    def _dispatch(self) -> SseEvent | None:
        has_data, data, event_type = self._has_data, self._data, self._event
        self._data, self._event, self._has_data = [], "", False
        if not has_data:
            return None
        return SseEvent(event=event_type or "message", data="\n".join(data), id=self.last_event_id)


def parse_sse(body: bytes | str | Iterable[bytes | str]) -> list[SseEvent]:
    """Every event a complete stream dispatches (a final unfinished block is dropped)."""
    parser = SseParser()
    chunks = [body] if isinstance(body, bytes | bytearray | str) else body
    events: list[SseEvent] = []
    for chunk in chunks:
        events += parser.feed(chunk)
    return events + parser.close()


class SseStream:
    """Reads the events of a streaming response as they arrive (`client.stream("GET", ...)`),
    taking at most `max_bytes` of body. `next_event()` returns the next event, or None once the
    response has ended; a read timeout of the client propagates (httpx.ReadTimeout)."""

    def __init__(self, response: _Streaming, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.response = response
        self.parser = SseParser()
        self._chunks = iter_capped(response, max_bytes)
        self._ready: deque[SseEvent] = deque()
        self.ended = False

    def next_event(self) -> SseEvent | None:
        while not self._ready:
            if self.ended:
                return None
            chunk = next(self._chunks, None)
            if chunk is None:
                self.ended = True
                self._ready.extend(self.parser.close())
            else:
                self._ready.extend(self.parser.feed(chunk))
        return self._ready.popleft()

    def __iter__(self) -> Iterator[SseEvent]:
        while (event := self.next_event()) is not None:
            yield event

    @property
    def ended_inside_event(self) -> bool:
        """After the end: True when the body stopped in the middle of an event (the event
        was lost, as in a browser)."""
        return self.ended and self.parser.incomplete

    @property
    def last_event_id(self) -> str:
        return self.parser.last_event_id
