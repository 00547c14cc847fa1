"""Quotes API. Prices work for good requests; errors are not in the documented format yet.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep CATALOGUE, COUPONS and the models as they are: the grader's tests use exactly this data.
"""

import re
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, Query, status
from pydantic import BaseModel, Field, field_validator

app = FastAPI(title="Quotes")

SKU_PATTERN = r"^[A-Z]{3}-\d{3}$"
COUPON_FORMAT = re.compile(r"[A-Z0-9]{4,12}")


class Product(BaseModel):
    sku: str
    name: str
    price_cents: int
    stock: int


CATALOGUE: dict[str, Product] = {
    p.sku: p
    for p in (
        Product(sku="PEN-001", name="Ballpoint pen", price_cents=150, stock=500),
        Product(sku="INK-002", name="Ink cartridge", price_cents=899, stock=20),
        Product(sku="PAD-003", name="Notepad", price_cents=450, stock=0),
        Product(sku="CLP-004", name="Paper clips", price_cents=99, stock=1000),
    )
}

COUPONS: dict[str, int] = {"SAVE10": 10, "SPRING25": 25}  # code -> percent off


class QuoteLine(BaseModel):
    sku: str = Field(pattern=SKU_PATTERN)
    quantity: int = Field(ge=1, le=100)


class QuoteRequest(BaseModel):
    items: list[QuoteLine] = Field(min_length=1, max_length=20)
    coupon: str | None = None

    @field_validator("coupon")
    @classmethod
    def coupon_format(cls, value: str | None) -> str | None:
        if value is not None and not (
            4 <= len(value) <= 12 and value.isalnum() and value.isupper()
        ):
            raise ValueError("a coupon code is 4 to 12 upper-case letters or digits")
        return value


class PricedLine(BaseModel):
    sku: str
    quantity: int
    unit_price_cents: int
    line_total_cents: int


class Quote(BaseModel):
    lines: list[PricedLine]
    subtotal_cents: int
    discount_cents: int
    total_cents: int


# --- routes ----------------------------------------------------------------------------------


@app.post("/quotes")
async def create_quote(request: QuoteRequest) -> Quote:
    # TODO: business rules (unknown SKU, stock, coupon) answer 400 (see the statement).
    lines = [
        PricedLine(
            sku=line.sku,
            quantity=line.quantity,
            unit_price_cents=CATALOGUE[line.sku].price_cents,
            line_total_cents=CATALOGUE[line.sku].price_cents * line.quantity,
        )
        for line in request.items
    ]
    subtotal = sum(line.line_total_cents for line in lines)
    discount = subtotal * COUPONS.get(request.coupon, 0) // 100 if request.coupon else 0
    return Quote(
        lines=lines,
        subtotal_cents=subtotal,
        discount_cents=discount,
        total_cents=subtotal - discount,
    )


@app.get("/products")
async def list_products(
    max_price_cents: Annotated[int | None, Query(ge=0)] = None,
) -> list[Product]:
    return [
        p for p in CATALOGUE.values() if max_price_cents is None or p.price_cents <= max_price_cents
    ]


@app.get("/products/{sku}", responses={404: {"description": "Unknown product"}})
async def get_product(sku: Annotated[str, Path(pattern=SKU_PATTERN)]) -> Product:
    product = CATALOGUE.get(sku)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return product
