"""Users API in two versions: /v1 (deprecated), /v2, and /users negotiated by header
(reference solution).

Both versions read the same records; only the response shape differs. Every request records
which version serves it in `request.state.api_version`; one middleware turns that into headers,
so error responses (which FastAPI builds outside the route) carry them too.
"""

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request, status
from pydantic import BaseModel
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Version = Literal["1", "2"]
LATEST: Version = "2"
VERSION_HEADER = "X-API-Version"
DEPRECATION_HEADERS = {
    "Deprecation": "@1767225600",  # RFC 9745: deprecated since 2026-01-01T00:00:00Z
    "Sunset": "Wed, 01 Jul 2026 00:00:00 GMT",  # RFC 8594: removed on this date
}


class UserRecord(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str
    password_hash: str


USERS: dict[int, UserRecord] = {
    user.id: user
    for user in (
        UserRecord(
            id=3,
            first_name="Grace",
            last_name="Hopper",
            email="grace@example.com",
            password_hash="$argon2id$v=19$c2FsdA$Zw",
        ),
        UserRecord(
            id=1,
            first_name="Ada",
            last_name="Lovelace",
            email="ada@example.com",
            password_hash="$argon2id$v=19$c2FsdA$QQ",
        ),
        UserRecord(
            id=5,
            first_name="Barbara",
            last_name="Liskov",
            email="barbara@example.com",
            password_hash="$argon2id$v=19$c2FsdA$Qg",
        ),
        UserRecord(
            id=2,
            first_name="Alan",
            last_name="Turing",
            email="alan@example.com",
            password_hash="$argon2id$v=19$c2FsdA$QR",
        ),
        UserRecord(
            id=4,
            first_name="Edsger",
            last_name="Dijkstra",
            email="edsger@example.com",
            password_hash="$argon2id$v=19$c2FsdA$RA",
        ),
    )
}


class UserV1(BaseModel):
    id: int
    name: str


class UserV2(BaseModel):
    id: int
    first_name: str
    last_name: str
    email: str


class Meta(BaseModel):
    total: int


class UserListV2(BaseModel):
    data: list[UserV2]
    meta: Meta


# --- one source of records for every version --------------------------------------------------


def all_users() -> list[UserRecord]:
    return [USERS[user_id] for user_id in sorted(USERS)]


def find_user(user_id: int) -> UserRecord:
    user = USERS.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


def as_v1(user: UserRecord) -> UserV1:
    return UserV1(id=user.id, name=f"{user.first_name} {user.last_name}")


def as_v2(user: UserRecord) -> UserV2:
    return UserV2.model_validate(user, from_attributes=True)


# --- which version serves the request ----------------------------------------------------------


class VersionHeadersMiddleware:
    """Adds the headers for the version recorded in the request's state, on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                state = scope.get("state", {})
                headers = MutableHeaders(scope=message)
                if state.get("negotiated"):
                    headers[VERSION_HEADER] = state["api_version"]
                    headers.add_vary_header(VERSION_HEADER)
                if state.get("api_version") == "1":
                    headers.update(DEPRECATION_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_version)


def served_by(version: Version) -> Callable[[Request], None]:
    def record_version(request: Request) -> None:
        request.state.api_version = version

    return record_version


def negotiated_version(
    request: Request,
    x_api_version: Annotated[Version, Header(description="1 or 2; default 2")] = LATEST,
) -> Version:
    request.state.api_version = x_api_version
    request.state.negotiated = True
    return x_api_version


NegotiatedVersion = Annotated[Version, Depends(negotiated_version)]

# Router dependencies run even when a path parameter fails validation, so a 422 from /v1
# is still marked as a v1 response.
v1 = APIRouter(prefix="/v1", tags=["v1"], deprecated=True, dependencies=[Depends(served_by("1"))])
v2 = APIRouter(prefix="/v2", tags=["v2"], dependencies=[Depends(served_by("2"))])


@v1.get("/users")
def list_users_v1() -> list[UserV1]:
    return [as_v1(user) for user in all_users()]


@v1.get("/users/{user_id}")
def get_user_v1(user_id: int) -> UserV1:
    return as_v1(find_user(user_id))


@v2.get("/users")
def list_users_v2() -> UserListV2:
    users = all_users()
    return UserListV2(data=[as_v2(user) for user in users], meta=Meta(total=len(users)))


@v2.get("/users/{user_id}")
def get_user_v2(user_id: int) -> UserV2:
    return as_v2(find_user(user_id))


app = FastAPI(title="Users")
app.add_middleware(VersionHeadersMiddleware)
app.include_router(v1)
app.include_router(v2)


@app.get("/users", response_model=list[UserV1] | UserListV2, tags=["negotiated"])
def list_users(version: NegotiatedVersion) -> list[UserV1] | UserListV2:
    return list_users_v1() if version == "1" else list_users_v2()


@app.get("/users/{user_id}", response_model=UserV1 | UserV2, tags=["negotiated"])
def get_user(user_id: int, version: NegotiatedVersion) -> UserV1 | UserV2:
    return get_user_v1(user_id) if version == "1" else get_user_v2(user_id)
