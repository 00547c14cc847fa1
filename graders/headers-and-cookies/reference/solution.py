"""Storefront API: request headers, cookies and response headers (reference solution)."""

import secrets
from typing import Annotated, Literal

from fastapi import Cookie, FastAPI, Header, HTTPException, Response, status
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


@app.get("/client-info")
def client_info(
    response: Response,
    x_tenant_id: Annotated[str, Header(pattern=r"^[a-z0-9-]{3,32}$")],
    user_agent: Annotated[str | None, Header()] = None,
    api_version: Annotated[Literal["1", "2"], Header()] = "1",
    x_tag: Annotated[list[str], Header()] = [],  # noqa: B006 (FastAPI never mutates it)
    x_legacy_client: Annotated[str | None, Header(convert_underscores=False)] = None,
) -> ClientInfo:
    """Describe the client from its request headers."""
    response.headers["X-API-Version"] = api_version
    response.headers["Cache-Control"] = "no-store"
    return ClientInfo(
        tenant=x_tenant_id,
        user_agent=user_agent,
        api_version=api_version,
        tags=x_tag,
        legacy_client=x_legacy_client,
    )


@app.post("/session", status_code=status.HTTP_201_CREATED)
def log_in(login: Login, response: Response) -> SessionUser:
    """Open a session (no password in this exercise) and hand out its cookie."""
    session_id = secrets.token_urlsafe(24)
    SESSIONS[session_id] = login.username
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=SESSION_MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="lax",
    )
    return SessionUser(username=login.username)


@app.get("/session")
def current_session(
    session_id: Annotated[str | None, Cookie()] = None,
) -> SessionUser:
    username = SESSIONS.get(session_id) if session_id is not None else None
    if username is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Not logged in")
    return SessionUser(username=username)


@app.delete("/session", status_code=status.HTTP_204_NO_CONTENT)
def log_out(response: Response, session_id: Annotated[str | None, Cookie()] = None) -> None:
    """End the session on the server and tell the browser to drop the cookie."""
    if session_id is not None:
        SESSIONS.pop(session_id, None)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
