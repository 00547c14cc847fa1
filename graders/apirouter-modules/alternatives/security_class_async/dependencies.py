"""Dependencies shared by the routers: the API-key check as a callable instance on APIKeyHeader."""

import hmac

from fastapi import HTTPException, Security
from fastapi.security import APIKeyHeader

API_KEY = "shop-items-4f9a"

_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Items API key")


class ApiKeyCheck:
    def __init__(self, expected: str) -> None:
        self.expected = expected

    def __call__(self, key: str | None = Security(_header)) -> str:
        if not key or not hmac.compare_digest(key, self.expected):
            raise HTTPException(status_code=401, detail="A valid X-API-Key is required", headers={"WWW-Authenticate": "APIKey"})
        return key


require_api_key = ApiKeyCheck(API_KEY)
