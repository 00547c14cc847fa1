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


# Style: Pydantic header and cookie parameter models (`Annotated[Model, Header()]`,
# `Annotated[Model, Cookie()]`, FastAPI >= 0.115), APIRouter, async routes, explicit Response
# objects returned for the cookie routes, a small SessionStore wrapper around SESSIONS.
import secrets
from typing import Annotated

from fastapi import APIRouter, Cookie, Header, HTTPException
from fastapi.responses import JSONResponse, Response


class ClientHeaders(BaseModel):
    x_tenant_id: str = Field(min_length=3, max_length=32, pattern=r"^[a-z0-9-]+$")
    user_agent: str | None = None
    api_version: Literal["1", "2"] = "1"
    x_tag: list[str] = []


class SessionCookies(BaseModel):
    session_id: str | None = None


class SessionStore:
    def __init__(self, data: dict[str, str]) -> None:
        self.data = data

    def create(self, username: str) -> str:
        sid = secrets.token_hex(24)
        self.data[sid] = username
        return sid

    def lookup(self, sid: str | None) -> str | None:
        return self.data.get(sid) if sid else None

    def end(self, sid: str | None) -> None:
        if sid:
            self.data.pop(sid, None)


store = SessionStore(SESSIONS)
router = APIRouter()


@router.get("/client-info", response_model=ClientInfo)
async def client_info(
    headers: Annotated[ClientHeaders, Header()],
    legacy: Annotated[str | None, Header(alias="X_Legacy_Client", convert_underscores=False)] = None,
):
    info = ClientInfo(
        tenant=headers.x_tenant_id,
        user_agent=headers.user_agent,
        api_version=headers.api_version,
        tags=headers.x_tag,
        legacy_client=legacy,
    )
    return JSONResponse(
        info.model_dump(),
        headers={"X-API-Version": headers.api_version, "Cache-Control": "no-store"},
    )


@router.post("/session", status_code=201, response_model=SessionUser)
async def login(payload: Login):
    resp = JSONResponse({"username": payload.username}, status_code=201)
    resp.set_cookie(
        key=SESSION_COOKIE,
        value=store.create(payload.username),
        max_age=SESSION_MAX_AGE_S,
        path="/",
        secure=False,
        httponly=True,
        samesite="lax",
    )
    return resp


@router.get("/session", response_model=SessionUser)
async def whoami(cookies: Annotated[SessionCookies, Cookie()]):
    username = store.lookup(cookies.session_id)
    if username is None:
        raise HTTPException(401, detail="Not logged in")
    return SessionUser(username=username)


@router.delete("/session", status_code=204)
async def logout(cookies: Annotated[SessionCookies, Cookie()]):
    store.end(cookies.session_id)
    resp = Response(status_code=204)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


app.include_router(router)
