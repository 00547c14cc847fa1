"""Market charts API: a dedicated multi-thread executor owned by the lifespan, loop.run_in_executor,
default-value Depends style."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from typing import ClassVar

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel


class Quote(BaseModel):
    symbol: str
    price_cents: int


class Chart(Quote):
    svg: str


class UnknownSymbol(Exception):
    """The market has no such symbol."""


class MarketData:
    _PRICES: ClassVar[dict[str, int]] = {"ACME": 12_345, "GLOBEX": 9_870, "INITECH": 4_200}

    async def get_quote(self, symbol: str) -> Quote:
        await asyncio.sleep(0.01)
        if symbol not in self._PRICES:
            raise UnknownSymbol(symbol)
        return Quote(symbol=symbol, price_cents=self._PRICES[symbol])


class ChartRenderer:
    def render(self, symbol: str, price_cents: int) -> str:
        time.sleep(0.5)
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


@asynccontextmanager
async def lifespan(app: FastAPI):
    with ThreadPoolExecutor(max_workers=16, thread_name_prefix="render") as pool:
        app.state.render_pool = pool
        yield


app = FastAPI(title="Market charts", lifespan=lifespan)


async def fetch_quote(market: MarketData, symbol: str) -> Quote:
    try:
        return await market.get_quote(symbol)
    except UnknownSymbol:
        raise HTTPException(404, detail="Unknown symbol") from None


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.get("/quotes/{symbol}", response_model=Quote)
async def get_quote(symbol: str, market: MarketData = Depends(get_market)):
    return await fetch_quote(market, symbol)


@app.get("/charts/{symbol}", response_model=Chart)
async def get_chart(
    symbol: str,
    request: Request,
    market: MarketData = Depends(get_market),
    renderer: ChartRenderer = Depends(get_renderer),
):
    quote = await fetch_quote(market, symbol)
    loop = asyncio.get_running_loop()
    svg = await loop.run_in_executor(
        request.app.state.render_pool, partial(renderer.render, quote.symbol, quote.price_cents)
    )
    return Chart(symbol=quote.symbol, price_cents=quote.price_cents, svg=svg)
