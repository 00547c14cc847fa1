# WRONG: the discount is rounded with quantize's default ROUND_HALF_EVEN (like round()), so 10 % of 10.25 gives 1.02. Violates "rounded to the cent with halves rounded up (away from zero) ... 1.03".
"""Order quotes priced exactly with Decimal, validators and computed fields."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field, computed_field, field_validator, model_validator

app = FastAPI(title="Order quotes")

CENT = Decimal("0.01")
FREE_STANDARD_FROM = Decimal("50.00")
NEXT_DAY_FROM = Decimal("50.00")
DELIVERY_FEES: dict[str, Decimal] = {
    "standard": Decimal("4.99"),
    "express": Decimal("9.99"),
    "next-day": Decimal("14.99"),
}

Money = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2)]


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class OrderItem(BaseModel):
    product_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=1000)
    unit_price: Money

    @field_validator("unit_price")
    @classmethod
    def two_decimals(cls, value: Decimal) -> Decimal:
        return cents(value)  # exact: it already has at most two decimals

    @computed_field
    @property
    def subtotal(self) -> Decimal:
        return cents(self.unit_price * self.quantity)


class Order(BaseModel):
    items: list[OrderItem] = Field(min_length=1, max_length=50)
    discount_pct: int = Field(default=0, ge=0, le=100)
    delivery_method: Literal["standard", "express", "next-day"]

    @field_validator("delivery_method", mode="before")
    @classmethod
    def normalize_method(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("items")
    @classmethod
    def unique_products(cls, items: list[OrderItem]) -> list[OrderItem]:
        seen: set[int] = set()
        for item in items:
            if item.product_id in seen:
                raise ValueError(f"product_id {item.product_id} appears more than once")
            seen.add(item.product_id)
        return items

    @model_validator(mode="after")
    def next_day_needs_minimum(self) -> "Order":
        if self.delivery_method == "next-day" and self.total_before_discount < NEXT_DAY_FROM:
            raise ValueError("next-day delivery needs an order of at least 50.00")
        return self

    @computed_field
    @property
    def total_before_discount(self) -> Decimal:
        return cents(sum((item.subtotal for item in self.items), Decimal("0")))

    @computed_field
    @property
    def discount(self) -> Decimal:
        return (self.total_before_discount * self.discount_pct / 100).quantize(CENT)

    @computed_field
    @property
    def delivery_fee(self) -> Decimal:
        if (
            self.delivery_method == "standard"
            and self.total_before_discount - self.discount >= FREE_STANDARD_FROM
        ):
            return cents(Decimal("0"))
        return DELIVERY_FEES[self.delivery_method]

    @computed_field
    @property
    def total(self) -> Decimal:
        return cents(self.total_before_discount - self.discount + self.delivery_fee)


@app.post("/orders/quote")
def quote(order: Order) -> Order:
    """Price an order; nothing is stored."""
    return order
