"""Order quotes: Annotated validators, a StrEnum, and integer-cent arithmetic behind Decimals."""

from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from fastapi import FastAPI
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    computed_field,
    model_validator,
)

app = FastAPI(title="Order quotes")


def to_cents(amount: Decimal) -> int:
    return int(amount.scaleb(2))  # exact for amounts with at most two decimals


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)  # always two decimal places: 500 -> Decimal("5.00")


Money = Annotated[
    Decimal,
    Field(gt=0, max_digits=10, decimal_places=2),
    AfterValidator(lambda d: from_cents(to_cents(d))),
]


class DeliveryMethod(StrEnum):
    standard = "standard"
    express = "express"
    next_day = "next-day"


FEE_CENTS = {DeliveryMethod.standard: 499, DeliveryMethod.express: 999, DeliveryMethod.next_day: 1499}
FIFTY_EUROS = 5000


def _clean_method(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


Method = Annotated[DeliveryMethod, BeforeValidator(_clean_method)]


class OrderItem(BaseModel):
    product_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=1000)
    unit_price: Money

    @computed_field
    @cached_property
    def subtotal(self) -> Decimal:
        return from_cents(self.quantity * to_cents(self.unit_price))


def _no_duplicate_products(items: list[OrderItem]) -> list[OrderItem]:
    ids = [item.product_id for item in items]
    if len(ids) != len(set(ids)):
        raise ValueError("each product_id may appear only once")
    return items


Items = Annotated[list[OrderItem], Field(min_length=1, max_length=50), AfterValidator(_no_duplicate_products)]


class Order(BaseModel):
    items: Items
    discount_pct: int = Field(default=0, ge=0, le=100)
    delivery_method: Method

    @property
    def _gross_cents(self) -> int:
        return sum(to_cents(item.subtotal) for item in self.items)

    @property
    def _discount_cents(self) -> int:
        # half up on a non-negative amount: floor(x + 0.5), computed on integers
        return (self._gross_cents * self.discount_pct * 2 + 100) // 200

    @property
    def _fee_cents(self) -> int:
        if self.delivery_method is DeliveryMethod.standard and (
            self._gross_cents - self._discount_cents >= FIFTY_EUROS
        ):
            return 0
        return FEE_CENTS[self.delivery_method]

    @model_validator(mode="after")
    def next_day_minimum(self) -> "Order":
        if self.delivery_method is DeliveryMethod.next_day and self._gross_cents < FIFTY_EUROS:
            raise ValueError("next-day delivery is only available from 50.00")
        return self

    @computed_field
    @property
    def total_before_discount(self) -> Decimal:
        return from_cents(self._gross_cents)

    @computed_field
    @property
    def discount(self) -> Decimal:
        return from_cents(self._discount_cents)

    @computed_field
    @property
    def delivery_fee(self) -> Decimal:
        return from_cents(self._fee_cents)

    @computed_field
    @property
    def total(self) -> Decimal:
        return from_cents(self._gross_cents - self._discount_cents + self._fee_cents)


@app.post("/orders/quote", response_model=Order)
async def quote(order: Order):
    """Price an order; nothing is stored."""
    return order
