# WRONG: the negotiated routes return explicit JSONResponses of the records' model_dump() for v2, so password_hash leaks ('password_hash never appears in any response')
"""Users API. Today it only has the old /v1 routes; add /v2 and header negotiation.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `UserRecord` and `USERS` as they are: the grader's tests use this data. The response
models below are the two shapes the statement describes.
"""

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Header, HTTPException, Request, Response, status
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

app = FastAPI(title="Users")


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


DEPRECATION = {"Deprecation": "@1767225600", "Sunset": "Wed, 01 Jul 2026 00:00:00 GMT"}


class UserRepository:
    """The one place that finds users."""

    def __init__(self, records: dict[int, UserRecord]) -> None:
        self.records = records

    def list(self) -> list[UserRecord]:
        return [self.records[k] for k in sorted(self.records)]

    def get(self, user_id: int) -> UserRecord | None:
        return self.records.get(user_id)


repo = UserRepository(USERS)

SHAPERS: dict[str, Callable[[UserRecord], BaseModel]] = {
    "1": lambda u: UserV1(id=u.id, name=f"{u.first_name} {u.last_name}"),
    "2": lambda u: u,  # UserRecord already has the v2 fields
}


def shape_list(version: str) -> Any:
    items = [SHAPERS[version](u) for u in repo.list()]
    if version == "1":
        return items
    return UserListV2.model_construct(data=items, meta=Meta(total=len(items)))


class DeprecatedRoute(APIRoute):
    """Adds the deprecation headers to every response of the route, errors included."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def deprecated_handler(request: Request) -> Response:
            try:
                response = await handler(request)
            except RequestValidationError as exc:
                response = await request_validation_exception_handler(request, exc)
            except HTTPException as exc:
                response = await http_exception_handler(request, exc)
            response.headers.update(DEPRECATION)
            return response

        return deprecated_handler


v1 = APIRouter(prefix="/v1", deprecated=True, route_class=DeprecatedRoute)
v2 = APIRouter(prefix="/v2")
negotiated = APIRouter()


@v1.get("/users", response_model=list[UserV1])
async def list_users_v1():
    return shape_list("1")


@v1.get("/users/{user_id}", response_model=UserV1)
async def get_user_v1(user_id: int):
    user = repo.get(user_id)
    if user is None:
        raise HTTPException(404, detail="User not found")
    return SHAPERS["1"](user)


@v2.get("/users", response_model=UserListV2)
async def list_users_v2():
    return shape_list("2")


@v2.get("/users/{user_id}", response_model=UserV2)
async def get_user_v2(user_id: int):
    user = repo.get(user_id)
    if user is None:
        raise HTTPException(404, detail="User not found")
    return SHAPERS["2"](user)


def version_headers(version: str) -> dict[str, str]:
    headers = {"X-API-Version": version, "Vary": "X-API-Version"}
    if version == "1":
        headers.update(DEPRECATION)
    return headers


def dump(value: Any) -> Any:
    if isinstance(value, list):
        return [v.model_dump() for v in value]
    return value.model_dump()


@negotiated.get("/users")
async def list_users(x_api_version: Annotated[Literal["1", "2"], Header()] = "2") -> JSONResponse:
    return JSONResponse(dump(shape_list(x_api_version)), headers=version_headers(x_api_version))


@negotiated.get("/users/{user_id}")
async def get_user(user_id: int, x_api_version: Annotated[Literal["1", "2"], Header()] = "2") -> JSONResponse:
    user = repo.get(user_id)
    if user is None:
        return JSONResponse({"detail": "User not found"}, status_code=404, headers=version_headers(x_api_version))
    return JSONResponse(dump(SHAPERS[x_api_version](user)), headers=version_headers(x_api_version))


for router in (v1, v2, negotiated):
    app.include_router(router)
