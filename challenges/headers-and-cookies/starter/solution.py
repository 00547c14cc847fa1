"""Storefront API: request headers, cookies and response headers.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `ClientInfo`, `Login`, `SessionUser` and `SESSIONS`.
"""

from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="Storefront")

SESSION_COOKIE = "session_id"
SESSION_MAX_AGE_S = 3600


class ClientInfo(BaseModel):
    tenant: str
    user_agent: str | None
    api_version: Literal["1", "2"]
    tags: list[str]
    legacy_client: str | None


class Login(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9_]{3,30}$")


class SessionUser(BaseModel):
    username: str


SESSIONS: dict[str, str] = {}  # session id -> username


# TODO: GET /client-info
# TODO: POST /session
# TODO: GET /session
# TODO: DELETE /session
