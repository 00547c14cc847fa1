"""Market charts API: async market data on the event loop, the blocking renderer in a thread."""

import asyncio
import time
from typing import Annotated, ClassVar

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

app = FastAPI(title="Market charts")


class Quote(BaseModel):
    symbol: str
    price_cents: int


class Chart(Quote):
    svg: str


class UnknownSymbol(Exception):
    """The market has no such symbol."""


class MarketData:
    """Client of the market-data service: asynchronous, non-blocking network I/O."""

    _PRICES: ClassVar[dict[str, int]] = {"ACME": 12_345, "GLOBEX": 9_870, "INITECH": 4_200}

    async def get_quote(self, symbol: str) -> Quote:
        """Return the latest quote. Raises UnknownSymbol."""
        await asyncio.sleep(0.01)  # a network round trip
        if symbol not in self._PRICES:
            raise UnknownSymbol(symbol)
        return Quote(symbol=symbol, price_cents=self._PRICES[symbol])


class ChartRenderer:
    """Binding to a C charting library: synchronous, holds the calling thread until it is done.

    It is thread-safe: several threads may render at the same time.
    """

    def render(self, symbol: str, price_cents: int) -> str:
        """Render a chart and return it as SVG text. Takes a while and never yields."""
        time.sleep(0.5)  # stands for the library's work
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
            f"<text x=\"4\" y=\"24\">{symbol} {price_cents / 100:.2f}</text></svg>"
        )


_market = MarketData()
_renderer = ChartRenderer()


def get_market() -> MarketData:
    return _market


def get_renderer() -> ChartRenderer:
    return _renderer


MarketDep = Annotated[MarketData, Depends(get_market)]
RendererDep = Annotated[ChartRenderer, Depends(get_renderer)]


async def fetch_quote(market: MarketData, symbol: str) -> Quote:
    """Await the market data on the event loop; an unknown symbol is a 404."""
    try:
        return await market.get_quote(symbol)
    except UnknownSymbol:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Unknown symbol") from None


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str, market: MarketDep) -> Quote:
    return await fetch_quote(market, symbol)


@app.get("/charts/{symbol}")
async def get_chart(symbol: str, market: MarketDep, renderer: RendererDep) -> Chart:
    quote = await fetch_quote(market, symbol)
    # The renderer blocks its thread: run it in the thread pool so the loop keeps serving.
    svg = await run_in_threadpool(renderer.render, quote.symbol, quote.price_cents)
    return Chart(symbol=quote.symbol, price_cents=quote.price_cents, svg=svg)
