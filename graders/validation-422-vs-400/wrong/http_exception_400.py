# WRONG: business rules raised as HTTPException(400, detail=[...]) -> {"detail": ...} body -- violates "The error format (both statuses)" with error BUSINESS_RULE_VIOLATION
"""Quotes API: one error format for 422 (RequestValidationError handler) and 400 (a custom
BusinessRuleError raised by the route and rendered by its own handler)."""

import re
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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



# --- errors ----------------------------------------------------------------------------------


class ErrorItem(BaseModel):
    location: str
    field: str
    type: str
    message: str


class ErrorBody(BaseModel):
    error: str
    message: str
    errors: list[ErrorItem]


class BusinessRuleError(Exception):
    def __init__(self, errors: list[ErrorItem]) -> None:
        self.errors = errors


@app.exception_handler(RequestValidationError)
async def render_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    items = []
    for err in exc.errors():
        location, *path = err["loc"]
        items.append(
            ErrorItem(
                location=str(location),
                field=".".join(str(part) for part in path),
                type=err["type"],
                message=err["msg"],
            )
        )
    body = ErrorBody(error="VALIDATION_ERROR", message="Request data validation failed", errors=items)
    return JSONResponse(body.model_dump(), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


@app.exception_handler(BusinessRuleError)
async def render_business_error(request: Request, exc: BusinessRuleError) -> JSONResponse:
    body = ErrorBody(
        error="BUSINESS_RULE_VIOLATION",
        message="The request breaks a business rule",
        errors=exc.errors,
    )
    return JSONResponse(body.model_dump(), status_code=status.HTTP_400_BAD_REQUEST)


def check_business_rules(request: "QuoteRequest") -> None:
    problems: list[ErrorItem] = []
    for i, line in enumerate(request.items):
        product = CATALOGUE.get(line.sku)
        if product is None:
            problems.append(
                ErrorItem(location="body", field=f"items.{i}.sku", type="unknown_sku",
                          message=f"Unknown SKU {line.sku}")
            )
        elif line.quantity > product.stock:
            problems.append(
                ErrorItem(location="body", field=f"items.{i}.quantity", type="insufficient_stock",
                          message=f"Only {product.stock} in stock")
            )
    if request.coupon is not None and request.coupon not in COUPONS:
        problems.append(
            ErrorItem(location="body", field="coupon", type="invalid_coupon", message="Unknown coupon")
        )
    if problems:
        raise HTTPException(400, detail=[p.model_dump() for p in problems])


# --- routes ----------------------------------------------------------------------------------


@app.post("/quotes")
async def create_quote(request: QuoteRequest) -> Quote:
    check_business_rules(request)
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
