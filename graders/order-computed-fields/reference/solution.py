"""Order quotes: field and model validators, and computed totals in exact money (reference)."""

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated, Self

from fastapi import FastAPI
from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FREE_STANDARD_DELIVERY_FROM = Decimal("50.00")
NEXT_DAY_MINIMUM = Decimal("50.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero (Decimal's round() would round half to even)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# decimal_places only means something for Decimal: on a float, Pydantic rejects the constraint.
Money = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2), AfterValidator(to_cents)]


class DeliveryMethod(StrEnum):
    standard = "standard"
    express = "express"
    next_day = "next-day"


DELIVERY_FEES = {
    DeliveryMethod.standard: Decimal("4.99"),
    DeliveryMethod.express: Decimal("9.99"),
    DeliveryMethod.next_day: Decimal("14.99"),
}

app = FastAPI(title="Order quotes")


class OrderItem(BaseModel):
    product_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=1000)
    unit_price: Money

    @computed_field
    @property
    def subtotal(self) -> Decimal:
        return self.quantity * self.unit_price


class Order(BaseModel):
    items: list[OrderItem] = Field(min_length=1, max_length=50)
    discount_pct: int = Field(default=0, ge=0, le=100)
    delivery_method: DeliveryMethod

    @field_validator("delivery_method", mode="before")
    @classmethod
    def normalise_delivery_method(cls, value: object) -> object:
        """Accept " Express " as "express": runs before the enum check."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("items")
    @classmethod
    def one_line_per_product(cls, items: list[OrderItem]) -> list[OrderItem]:
        product_ids = [item.product_id for item in items]
        if len(set(product_ids)) != len(product_ids):
            raise ValueError("each product may appear only once; add up the quantities instead")
        return items

    @model_validator(mode="after")
    def next_day_needs_minimum(self) -> Self:
        """A rule over two fields, so it belongs to the model, after the fields are valid."""
        if (
            self.delivery_method is DeliveryMethod.next_day
            and self.total_before_discount < NEXT_DAY_MINIMUM
        ):
            raise ValueError(f"next-day delivery needs an order of at least {NEXT_DAY_MINIMUM}")
        return self

    @computed_field
    @property
    def total_before_discount(self) -> Decimal:
        return sum((item.subtotal for item in self.items), ZERO)

    @computed_field
    @property
    def discount(self) -> Decimal:
        return to_cents(self.total_before_discount * self.discount_pct / 100)

    @computed_field
    @property
    def delivery_fee(self) -> Decimal:
        discounted = self.total_before_discount - self.discount
        if (
            self.delivery_method is DeliveryMethod.standard
            and discounted >= FREE_STANDARD_DELIVERY_FROM
        ):
            return ZERO
        return DELIVERY_FEES[self.delivery_method]

    @computed_field
    @property
    def total(self) -> Decimal:
        return self.total_before_discount - self.discount + self.delivery_fee


@app.post("/orders/quote")
def quote(order: Order) -> Order:
    """Price an order; nothing is stored."""
    return order
