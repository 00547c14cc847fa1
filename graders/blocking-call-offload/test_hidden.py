"""Hidden tests: keep the event loop responsive while a blocking renderer works (black box).

`get_market` and `get_renderer` are replaced by fakes whose quotes, renders and records live in
the grader's service (service.py, in this process, reset before each test by the `service`
fixture), out of the app's reach. Concurrency is made deterministic by *holding* a render in the
service until the test releases it: while it is held, the server must keep answering. A
solution that renders on the event loop cannot answer anything while the render is held, so
the test's request times out (the service frees the render after a few seconds; that wait only
happens on the failure path). No test sleeps. Every test uses its own symbols.
"""

from __future__ import annotations

import queue
import threading
import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body, wait_until

ANSWER_TIMEOUT_S = 2.5
HELD_TIMEOUT_S = 10.0


def new_symbol() -> str:
    return "T" + uuid.uuid4().hex[:9].upper()


def add_quote(service: Any, price_cents: int = 12_345) -> tuple[str, int]:
    symbol = new_symbol()
    service.prices[symbol] = price_cents
    return symbol, price_cents


def calls(service: Any, symbol: str) -> dict[str, Any]:
    return service.calls_for(symbol)


def expected_svg(symbol: str, price_cents: int) -> str:
    return f'<svg data-fake="1"><text>{symbol}:{price_cents}</text></svg>'


def get_in_thread(base_url: str, path: str, results: queue.Queue[tuple[str, Any]]) -> None:
    """GET from another thread on its own connection; put ("ok", response) or ("error", exc)."""

    def run() -> None:
        with httpx.Client(base_url=base_url, trust_env=False, timeout=HELD_TIMEOUT_S) as c:
            try:
                results.put(("ok", c.get(path)))
            except httpx.HTTPError as exc:
                results.put(("error", exc))

    threading.Thread(target=run, daemon=True).start()


def take(results: queue.Queue[tuple[str, Any]], what: str) -> httpx.Response:
    try:
        kind, value = results.get(timeout=HELD_TIMEOUT_S)
    except queue.Empty:
        pytest.fail(f"{what}: no answer within {HELD_TIMEOUT_S:g}s", pytrace=False)
    if kind != "ok":
        pytest.fail(f"{what}: request failed: {value!r}", pytrace=False)
    return value


def wait_rendering(service: Any, symbol: str, what: str) -> None:
    """Wait until a render of `symbol` is running in the renderer."""
    assert wait_until(lambda: service.rendering(symbol) >= 1, 2.0), (
        f"{what}: expected the renderer to be running, but it was not called (is the renderer "
        "obtained through get_renderer? are renders serialised, or run on the event loop?)"
    )


def assert_chart(r: httpx.Response, symbol: str, price_cents: int) -> None:
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    svg = expected_svg(symbol, price_cents)
    expected = {"symbol": symbol, "price_cents": price_cents, "svg": svg}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


# --- behaviour -------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_quote(client: httpx.Client, service: Any) -> None:
    """A quote comes from the market data service"""
    symbol, price = add_quote(service, 4_321)
    r = client.get(f"/quotes/{symbol}")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    expected = {"symbol": symbol, "price_cents": price}
    assert json_body(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(1)
def test_unknown_symbol_404(client: httpx.Client, service: Any) -> None:
    """An unknown symbol is a 404 for quotes and charts, and nothing is rendered"""
    symbol = new_symbol()
    for path in (f"/quotes/{symbol}", f"/charts/{symbol}"):
        r = client.get(path)
        assert r.status_code == 404, (
            f"GET {path}: expected 404, got {r.status_code}: {r.text[:200]}"
        )
        assert isinstance(json_body(r).get("detail"), str), (
            f"GET {path}: expected {{'detail': '...'}}, got {r.text[:200]}"
        )
    assert calls(service, symbol)["renders"] == [], "the renderer was called for an unknown symbol"


@pytest.mark.weight(2)
def test_chart(client: httpx.Client, service: Any) -> None:
    """A chart renders the current quote once and returns it with the SVG"""
    symbol, price = add_quote(service, 98_765)
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    renders = calls(service, symbol)["renders"]
    assert len(renders) == 1, f"expected 1 call of renderer.render, got {len(renders)}"
    assert renders[0]["price_cents"] == price, (
        f"render should get the quote's price {price}, got {renders[0]['price_cents']}"
    )


@pytest.mark.weight(2)
def test_render_runs_in_a_worker_thread(client: httpx.Client, service: Any) -> None:
    """The blocking render runs in a worker thread, not on the event loop"""
    symbol, price = add_quote(service)
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    renders = calls(service, symbol)["renders"]
    assert renders, "the renderer was not called"
    assert renders[0]["on_loop"] is False, (
        "expected renderer.render to run in a worker thread, but it ran on the event loop's thread"
    )


@pytest.mark.weight(2)
def test_market_data_stays_on_the_loop(client: httpx.Client, service: Any) -> None:
    """The async market-data call is awaited on the event loop, for quotes and for charts"""
    symbol, price = add_quote(service)
    r = client.get(f"/quotes/{symbol}")
    assert r.status_code == 200, f"GET /quotes: expected 200, got {r.status_code}: {r.text[:200]}"
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    quotes = calls(service, symbol)["quotes"]
    assert len(quotes) == 2, f"expected 2 calls of market.get_quote, got {len(quotes)}"
    off = [q for q in quotes if not q["on_loop"]]
    assert not off, (
        f"expected market.get_quote to be awaited on the event loop; {len(off)} of 2 calls ran in "
        "another thread (a second event loop, e.g. asyncio.run inside a def route?)"
    )


# --- concurrency -----------------------------------------------------------------------------


@pytest.mark.weight(4)
def test_server_answers_while_a_chart_renders(
    client: httpx.Client, service: Any, base_url: str
) -> None:
    """While a chart is rendering, other requests are still answered"""
    slow, slow_price = add_quote(service)
    other, other_price = add_quote(service, 777)
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    service.hold(slow)
    try:
        get_in_thread(base_url, f"/charts/{slow}", results)
        wait_rendering(service, slow, "chart held in the renderer")
        with httpx.Client(base_url=base_url, trust_env=False, timeout=ANSWER_TIMEOUT_S) as c:
            for path in ("/health", f"/quotes/{other}"):
                try:
                    r = c.get(path)
                except httpx.TimeoutException:
                    pytest.fail(
                        f"GET {path} got no answer while a chart was rendering", pytrace=False
                    )
                assert r.status_code == 200, (
                    f"GET {path} during the render: expected 200, got {r.status_code}"
                )
        assert json_body(r) == {"symbol": other, "price_cents": other_price}, f"got {r.text[:200]}"
    finally:
        service.release(slow)
    assert_chart(take(results, "the held chart"), slow, slow_price)


@pytest.mark.weight(3)
def test_two_charts_render_at_the_same_time(
    service: Any, base_url: str
) -> None:
    """Two charts can render at the same time (renders are not serialised)"""
    first, first_price = add_quote(service, 1_000)
    second, second_price = add_quote(service, 2_000)
    results: dict[str, queue.Queue[tuple[str, Any]]] = {first: queue.Queue(), second: queue.Queue()}
    for symbol in (first, second):
        service.hold(symbol)
    try:
        get_in_thread(base_url, f"/charts/{first}", results[first])
        wait_rendering(service, first, "first chart")
        get_in_thread(base_url, f"/charts/{second}", results[second])
        wait_rendering(service, second, "second chart, while the first renders")
    finally:
        for symbol in (first, second):
            service.release(symbol)
    assert_chart(take(results[first], "first chart"), first, first_price)
    assert_chart(take(results[second], "second chart"), second, second_price)


@pytest.mark.weight(2)
def test_quotes_keep_flowing_during_two_renders(
    service: Any, base_url: str
) -> None:
    """Quotes are answered while several charts are rendering"""
    held = [add_quote(service) for _ in range(2)]
    other, _ = add_quote(service, 31_337)
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    for symbol, _ in held:
        service.hold(symbol)
    try:
        for symbol, _ in held:
            get_in_thread(base_url, f"/charts/{symbol}", results)
            wait_rendering(service, symbol, "held chart")
        with httpx.Client(base_url=base_url, trust_env=False, timeout=ANSWER_TIMEOUT_S) as c:
            answers = []
            for _ in range(3):
                try:
                    answers.append(c.get(f"/quotes/{other}"))
                except httpx.TimeoutException:
                    pytest.fail("a quote got no answer while charts were rendering", pytrace=False)
        statuses = [r.status_code for r in answers]
        assert statuses == [200, 200, 200], f"expected 3 x 200 for quotes, got {statuses}"
    finally:
        for symbol, _ in held:
            service.release(symbol)
    for _ in held:
        r = take(results, "held chart")
        assert r.status_code == 200, f"held chart: expected 200 after release, got {r.status_code}"
