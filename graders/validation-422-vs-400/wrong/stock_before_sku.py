# WRONG: checks stock with CATALOGUE[sku] before knowing the SKU exists -> KeyError 500 for an unknown SKU with a quantity -- violates "each SKU must be in CATALOGUE ... 400 unknown_sku"
"""Quotes API: plain-dict error helpers; the 422 handler is registered with
add_exception_handler, the route returns its 400 JSONResponse explicitly; APIRouter."""

import re
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Path, Query, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

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



# --- error format ----------------------------------------------------------------------------


def error_body(kind: str, summary: str, errors: list[dict[str, str]]) -> dict[str, object]:
    return {"error": kind, "message": summary, "errors": errors}


def problem(location: str, field: str, type_: str, message: str) -> dict[str, str]:
    return {"location": location, "field": field, "type": type_, "message": message}


async def validation_error_handler(request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        problem(
            location=str(e["loc"][0]) if e["loc"] else "",
            field=".".join(map(str, e["loc"][1:])),
            type_=str(e["type"]),
            message=str(e["msg"]),
        )
        for e in exc.errors()
    ]
    return JSONResponse(
        status_code=422,
        content=error_body("VALIDATION_ERROR", "Request data validation failed", errors),
    )


# --- routes ----------------------------------------------------------------------------------

router = APIRouter()


@router.post(
    "/quotes",
    response_model=Quote,
    responses={400: {"description": "Business rule violation"}, 422: {"description": "Invalid request"}},
)
async def create_quote(request: QuoteRequest):
    violations = []
    for index, line in enumerate(request.items):
        if line.quantity > CATALOGUE[line.sku].stock:
            violations.append(
                problem("body", f"items.{index}.quantity", "insufficient_stock", "not enough stock")
            )
        if line.sku not in CATALOGUE:
            violations.append(problem("body", f"items.{index}.sku", "unknown_sku", "no such product"))
            continue
        if False:
            violations.append(
                problem("body", f"items.{index}.quantity", "insufficient_stock", "not enough stock")
            )
    if request.coupon and request.coupon not in COUPONS:
        violations.append(problem("body", "coupon", "invalid_coupon", "unknown coupon"))
    if violations:
        return JSONResponse(
            status_code=status.HTTP_400_BAD_REQUEST,
            content=error_body("BUSINESS_RULE_VIOLATION", "The quote breaks business rules", violations),
        )

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
    return Quote(lines=lines, subtotal_cents=subtotal, discount_cents=discount, total_cents=subtotal - discount)


@router.get("/products")
async def list_products(
    max_price_cents: Annotated[int | None, Query(ge=0)] = None,
) -> list[Product]:
    return [
        p for p in CATALOGUE.values() if max_price_cents is None or p.price_cents <= max_price_cents
    ]


@router.get("/products/{sku}", responses={404: {"description": "Unknown product"}})
async def get_product(sku: Annotated[str, Path(pattern=SKU_PATTERN)]) -> Product:
    product = CATALOGUE.get(sku)
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Product not found")
    return product


app = FastAPI(title="Quotes")
app.add_exception_handler(RequestValidationError, validation_error_handler)
app.include_router(router)
