# WRONG: session id embeds the username ("alice-<random>"); violates "never the username or anything derived from it"
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


import secrets
from typing import Annotated

from fastapi import Cookie, Header, HTTPException, Response, status


@app.get("/client-info")
def client_info(
    response: Response,
    x_tenant_id: Annotated[str, Header(min_length=3, max_length=32, pattern=r"^[a-z0-9-]+$")],
    user_agent: Annotated[str | None, Header()] = None,
    api_version: Annotated[Literal["1", "2"], Header()] = "1",
    x_tag: Annotated[list[str] | None, Header()] = None,
    x_legacy_client: Annotated[str | None, Header(convert_underscores=False, alias="X_Legacy_Client")] = None,
) -> ClientInfo:
    response.headers["X-API-Version"] = api_version
    response.headers["Cache-Control"] = "no-store"
    return ClientInfo(
        tenant=x_tenant_id,
        user_agent=user_agent,
        api_version=api_version,
        tags=x_tag or [],
        legacy_client=x_legacy_client,
    )


@app.post("/session", status_code=status.HTTP_201_CREATED)
def login(payload: Login, response: Response) -> SessionUser:
    session_id = f"{payload.username}-{secrets.token_hex(8)}"
    SESSIONS[session_id] = payload.username
    response.set_cookie(
        SESSION_COOKIE, session_id, max_age=SESSION_MAX_AGE_S, path="/", httponly=True, samesite="lax"
    )
    return SessionUser(username=payload.username)


@app.get("/session")
def whoami(session_id: Annotated[str | None, Cookie()] = None) -> SessionUser:
    username = SESSIONS.get(session_id) if session_id else None
    if username is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Not logged in")
    return SessionUser(username=username)


@app.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def logout(response: Response, session_id: Annotated[str | None, Cookie()] = None) -> None:
    if session_id:
        SESSIONS.pop(session_id, None)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
