"""Order quotes. Price an order exactly, with validators and computed fields (see the statement).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
This first draft uses float for money and computes nothing yet.
"""

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="Order quotes")


class OrderItem(BaseModel):
    product_id: int
    quantity: int = Field(ge=1, le=1000)
    unit_price: float = Field(gt=0)  # TODO: exact money with at most two decimal places
    # TODO: subtotal


class Order(BaseModel):
    items: list[OrderItem] = Field(min_length=1)
    discount_pct: int = Field(default=0, ge=0, le=100)
    delivery_method: str  # TODO: standard, express or next-day
    # TODO: the validators and the computed totals


@app.post("/orders/quote")
def quote(order: Order) -> Order:
    """Price an order; nothing is stored."""
    return order
