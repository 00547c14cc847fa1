"""Dependencies shared by the routers."""

from typing import Annotated

from fastapi import Header, HTTPException, status

API_KEY = "shop-items-4f9a"


def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Let the request through only with the right `X-API-Key` header."""
    if x_api_key != API_KEY:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Invalid or missing API key")
