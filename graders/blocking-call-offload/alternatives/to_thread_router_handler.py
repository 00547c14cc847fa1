"""Market charts API: APIRouter, an exception handler for UnknownSymbol, asyncio.to_thread."""

import asyncio
import time
from typing import Annotated, ClassVar

from fastapi import APIRouter, Depends, FastAPI, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="Market charts")
router = APIRouter()


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


@app.exception_handler(UnknownSymbol)
async def unknown_symbol_handler(request: Request, exc: UnknownSymbol) -> JSONResponse:
    return JSONResponse({"detail": f"Unknown symbol {exc}"}, status_code=status.HTTP_404_NOT_FOUND)


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/quotes/{symbol}", response_model=Quote)
async def get_quote(symbol: str, market: Annotated[MarketData, Depends(get_market)]):
    return await market.get_quote(symbol)


@router.get("/charts/{symbol}", response_model=Chart)
async def get_chart(
    symbol: str,
    market: Annotated[MarketData, Depends(get_market)],
    renderer: Annotated[ChartRenderer, Depends(get_renderer)],
):
    quote = await market.get_quote(symbol)  # on the event loop
    svg = await asyncio.to_thread(renderer.render, quote.symbol, quote.price_cents)  # off it
    return {"symbol": quote.symbol, "price_cents": quote.price_cents, "svg": svg}


app.include_router(router)
