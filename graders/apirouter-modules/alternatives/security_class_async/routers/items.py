"""Item catalogue: /items. Every route needs the API key."""

from pydantic import BaseModel

from fastapi import APIRouter, Depends, HTTPException

import data
from dependencies import require_api_key


class ErrorBody(BaseModel):
    detail: str


router = APIRouter(
    prefix="/items",
    tags=["items"],
    dependencies=[Depends(require_api_key)],
    responses={401: {"model": ErrorBody, "description": "The X-API-Key header is missing or wrong"}},
)


@router.get("", response_model=list[data.Item])
async def list_items():
    return [data.ITEMS[k] for k in sorted(data.ITEMS)]


@router.get("/{item_id}", response_model=data.Item)
async def get_item(item_id: int):
    if item_id not in data.ITEMS:
        raise HTTPException(404, detail="Item not found")
    return data.ITEMS[item_id]


@router.post("", status_code=201, response_model=data.Item)
def create_item(payload: data.ItemCreate):
    return data.add_item(payload)
