# WRONG: offloads render correctly but the chart route builds its own MarketData() instead of using get_market ('obtain the market client only through this dependency')
"""Market charts API. It works, but while one chart renders the whole server stops answering.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Quote`, `Chart`, `UnknownSymbol`, `MarketData`, `ChartRenderer`, `get_market`
and `get_renderer`: the grader replaces `get_market` and `get_renderer` with fakes.
"""

import asyncio
import time
from typing import Annotated, ClassVar

from fastapi import Depends, FastAPI, HTTPException, status
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


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/quotes/{symbol}")
async def get_quote(symbol: str, market: MarketDep) -> Quote:
    try:
        return await market.get_quote(symbol)
    except UnknownSymbol:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Unknown symbol") from None


@app.get("/charts/{symbol}")
async def get_chart(symbol: str, renderer: RendererDep) -> Chart:
    try:
        quote = await MarketData().get_quote(symbol)
    except UnknownSymbol:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Unknown symbol") from None
    # TODO: this call blocks the event loop: no other request is served until it returns.
    svg = await asyncio.to_thread(renderer.render, quote.symbol, quote.price_cents)
    return Chart(symbol=quote.symbol, price_cents=quote.price_cents, svg=svg)
