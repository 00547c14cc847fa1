"""Dependencies shared by the routers."""

import secrets
from typing import Annotated

from fastapi import Header, HTTPException, status

API_KEY = "shop-items-4f9a"


def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Answer 401 unless the X-API-Key header equals API_KEY."""
    if x_api_key is None or not secrets.compare_digest(x_api_key.encode(), API_KEY.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Missing or invalid X-API-Key")
