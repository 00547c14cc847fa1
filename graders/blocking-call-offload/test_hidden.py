"""Hidden tests: keep the event loop responsive while a blocking renderer works (black box).

`get_market` and `get_renderer` are replaced by the fakes in overrides.py; `control` steers them.
Concurrency is made deterministic by *holding* a render inside the fake renderer (on a
threading.Event) until the test releases it: while it is held, the server must keep answering.
A solution that renders on the event loop cannot answer anything while the render is held, so the
test's request times out (the fake frees itself after a few seconds; that wait only happens on the
failure path). No test sleeps. Every test uses its own symbols.
"""

from __future__ import annotations

import queue
import threading
import uuid
from typing import Any

import httpx
import pytest

ANSWER_TIMEOUT_S = 2.5
HELD_TIMEOUT_S = 10.0


def new_symbol() -> str:
    return "T" + uuid.uuid4().hex[:9].upper()


def add_quote(control: httpx.Client, price_cents: int = 12_345) -> tuple[str, int]:
    symbol = new_symbol()
    control.post("/quotes", json={"symbol": symbol, "price_cents": price_cents}).raise_for_status()
    return symbol, price_cents


def calls(control: httpx.Client, symbol: str) -> dict[str, Any]:
    r = control.get("/calls", params={"symbol": symbol})
    r.raise_for_status()
    return r.json()


def expected_svg(symbol: str, price_cents: int) -> str:
    return f'<svg data-fake="1"><text>{symbol}:{price_cents}</text></svg>'


def _json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        pytest.fail(f"expected a JSON body, got {r.status_code} {r.text[:200]!r}", pytrace=False)


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


def wait_rendering(base_url: str, control_path: str, symbol: str, what: str) -> None:
    """Wait until a render of `symbol` is running; fail if the server cannot even answer."""
    try:
        with httpx.Client(base_url=base_url, trust_env=False, timeout=ANSWER_TIMEOUT_S) as c:
            r = c.post(control_path + "/wait-rendering", json={"symbol": symbol, "timeout_s": 2.0})
    except httpx.TimeoutException:
        pytest.fail(
            f"{what}: the server stopped answering while a chart was rendering "
            "(the blocking render runs on the event loop)",
            pytrace=False,
        )
    r.raise_for_status()
    assert r.json()["reached"], (
        f"{what}: expected the renderer to be running, but it was not called "
        "(is the renderer obtained through get_renderer, and are renders run one at a time?)"
    )


def assert_chart(r: httpx.Response, symbol: str, price_cents: int) -> None:
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    svg = expected_svg(symbol, price_cents)
    expected = {"symbol": symbol, "price_cents": price_cents, "svg": svg}
    assert _json(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.fixture
def control_path(base_url: str, control: httpx.Client) -> str:
    return str(control.base_url).removeprefix(base_url.rstrip("/")).rstrip("/")


# --- behaviour -------------------------------------------------------------------------------


@pytest.mark.weight(1)
def test_quote(client: httpx.Client, control: httpx.Client) -> None:
    """A quote comes from the market data service"""
    symbol, price = add_quote(control, 4_321)
    r = client.get(f"/quotes/{symbol}")
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    expected = {"symbol": symbol, "price_cents": price}
    assert _json(r) == expected, f"expected {expected}, got {r.text[:300]}"


@pytest.mark.weight(1)
def test_unknown_symbol_404(client: httpx.Client, control: httpx.Client) -> None:
    """An unknown symbol is a 404 for quotes and charts, and nothing is rendered"""
    symbol = new_symbol()
    for path in (f"/quotes/{symbol}", f"/charts/{symbol}"):
        r = client.get(path)
        assert r.status_code == 404, (
            f"GET {path}: expected 404, got {r.status_code}: {r.text[:200]}"
        )
        assert isinstance(_json(r).get("detail"), str), (
            f"GET {path}: expected {{'detail': '...'}}, got {r.text[:200]}"
        )
    assert calls(control, symbol)["renders"] == [], "the renderer was called for an unknown symbol"


@pytest.mark.weight(2)
def test_chart(client: httpx.Client, control: httpx.Client) -> None:
    """A chart renders the current quote once and returns it with the SVG"""
    symbol, price = add_quote(control, 98_765)
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    renders = calls(control, symbol)["renders"]
    assert len(renders) == 1, f"expected 1 call of renderer.render, got {len(renders)}"
    assert renders[0]["price_cents"] == price, (
        f"render should get the quote's price {price}, got {renders[0]['price_cents']}"
    )


@pytest.mark.weight(2)
def test_render_runs_in_a_worker_thread(client: httpx.Client, control: httpx.Client) -> None:
    """The blocking render runs in a worker thread, not on the event loop"""
    symbol, price = add_quote(control)
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    renders = calls(control, symbol)["renders"]
    assert renders, "the renderer was not called"
    assert renders[0]["on_loop"] is False, (
        "expected renderer.render to run in a worker thread, but it ran on the event loop's thread"
    )


@pytest.mark.weight(2)
def test_market_data_stays_on_the_loop(client: httpx.Client, control: httpx.Client) -> None:
    """The async market-data call is awaited on the event loop, for quotes and for charts"""
    symbol, price = add_quote(control)
    r = client.get(f"/quotes/{symbol}")
    assert r.status_code == 200, f"GET /quotes: expected 200, got {r.status_code}: {r.text[:200]}"
    assert_chart(client.get(f"/charts/{symbol}"), symbol, price)
    quotes = calls(control, symbol)["quotes"]
    assert len(quotes) == 2, f"expected 2 calls of market.get_quote, got {len(quotes)}"
    off = [q for q in quotes if not q["on_loop"]]
    assert not off, (
        f"expected market.get_quote to be awaited on the event loop; {len(off)} of 2 calls ran in "
        "another thread (a second event loop, e.g. asyncio.run inside a def route?)"
    )


# --- concurrency -----------------------------------------------------------------------------


@pytest.mark.weight(4)
def test_server_answers_while_a_chart_renders(
    client: httpx.Client, control: httpx.Client, base_url: str, control_path: str
) -> None:
    """While a chart is rendering, other requests are still answered"""
    slow, slow_price = add_quote(control)
    other, other_price = add_quote(control, 777)
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    control.post("/hold", json={"symbol": slow}).raise_for_status()
    try:
        get_in_thread(base_url, f"/charts/{slow}", results)
        wait_rendering(base_url, control_path, slow, "chart held in the renderer")
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
        assert _json(r) == {"symbol": other, "price_cents": other_price}, f"got {r.text[:200]}"
    finally:
        control.post("/release", json={"symbol": slow})
    assert_chart(take(results, "the held chart"), slow, slow_price)


@pytest.mark.weight(3)
def test_two_charts_render_at_the_same_time(
    control: httpx.Client, base_url: str, control_path: str
) -> None:
    """Two charts can render at the same time (renders are not serialised)"""
    first, first_price = add_quote(control, 1_000)
    second, second_price = add_quote(control, 2_000)
    results: dict[str, queue.Queue[tuple[str, Any]]] = {first: queue.Queue(), second: queue.Queue()}
    for symbol in (first, second):
        control.post("/hold", json={"symbol": symbol}).raise_for_status()
    try:
        get_in_thread(base_url, f"/charts/{first}", results[first])
        wait_rendering(base_url, control_path, first, "first chart")
        get_in_thread(base_url, f"/charts/{second}", results[second])
        wait_rendering(base_url, control_path, second, "second chart, while the first renders")
    finally:
        for symbol in (first, second):
            control.post("/release", json={"symbol": symbol})
    assert_chart(take(results[first], "first chart"), first, first_price)
    assert_chart(take(results[second], "second chart"), second, second_price)


@pytest.mark.weight(2)
def test_quotes_keep_flowing_during_two_renders(
    control: httpx.Client, base_url: str, control_path: str
) -> None:
    """Quotes are answered while several charts are rendering"""
    held = [add_quote(control) for _ in range(2)]
    other, _ = add_quote(control, 31_337)
    results: queue.Queue[tuple[str, Any]] = queue.Queue()
    for symbol, _ in held:
        control.post("/hold", json={"symbol": symbol}).raise_for_status()
    try:
        for symbol, _ in held:
            get_in_thread(base_url, f"/charts/{symbol}", results)
            wait_rendering(base_url, control_path, symbol, "held chart")
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
            control.post("/release", json={"symbol": symbol})
    for _ in held:
        r = take(results, "held chart")
        assert r.status_code == 200, f"held chart: expected 200 after release, got {r.status_code}"
