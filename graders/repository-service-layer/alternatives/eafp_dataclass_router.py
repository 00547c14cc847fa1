"""User accounts (APIRouter + dataclass service): routes -> UserService (rules, domain errors) -> UserRepository (data)."""

from typing import Annotated, Protocol

from dataclasses import dataclass

from fastapi import APIRouter, Depends, FastAPI, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StringConstraints

app = FastAPI(title="Accounts")

Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class User(BaseModel):
    id: int
    email: str
    name: str


class UserCreate(BaseModel):
    email: Email
    name: Name


class UserUpdate(BaseModel):
    email: Email | None = None
    name: Name | None = None


# --- errors -----------------------------------------------------------------------------------


class DuplicateEmailError(Exception):
    """Raised by a repository when the email is already stored (a unique index would)."""


class AccountError(Exception):
    """Base of the domain errors (no HTTP in here)."""


class UserNotFoundError(AccountError):
    pass


class EmailTakenError(AccountError):
    pass


# --- repository -------------------------------------------------------------------------------


class UserRepository(Protocol):
    async def get(self, user_id: int) -> User | None: ...
    async def get_by_email(self, email: str) -> User | None: ...
    async def add(self, email: str, name: str) -> User: ...
    async def save(self, user: User) -> User: ...
    async def delete(self, user_id: int) -> bool: ...


class InMemoryUserRepository:
    """Stores users in a dict; `email` behaves like a column with a unique index."""

    def __init__(self) -> None:
        self._users: dict[int, User] = {}
        self._next_id = 1

    async def get(self, user_id: int) -> User | None:
        return self._users.get(user_id)

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self._users.values() if u.email == email), None)

    async def add(self, email: str, name: str) -> User:
        if await self.get_by_email(email) is not None:
            raise DuplicateEmailError(email)
        user = User(id=self._next_id, email=email, name=name)
        self._next_id += 1
        self._users[user.id] = user
        return user

    async def save(self, user: User) -> User:
        owner = await self.get_by_email(user.email)
        if owner is not None and owner.id != user.id:
            raise DuplicateEmailError(user.email)
        self._users[user.id] = user
        return user

    async def delete(self, user_id: int) -> bool:
        return self._users.pop(user_id, None) is not None


_repository = InMemoryUserRepository()


def get_user_repository() -> UserRepository:
    return _repository


# --- service ----------------------------------------------------------------------------------


@dataclass
class UserService:
    """Business rules. Relies on the repository's unique index (EAFP) for email uniqueness."""

    repository: UserRepository

    @staticmethod
    def _normalize(email: str) -> str:
        return email.strip().lower()

    async def find(self, user_id: int) -> User:
        if (user := await self.repository.get(user_id)) is None:
            raise UserNotFoundError("No such user")
        return user

    async def register(self, data: UserCreate) -> User:
        try:
            return await self.repository.add(email=self._normalize(data.email), name=data.name)
        except DuplicateEmailError as exc:
            raise EmailTakenError("That email is already registered") from exc

    async def change(self, user_id: int, data: UserUpdate) -> User:
        current = await self.find(user_id)
        patch = data.model_dump(exclude_none=True)
        if "email" in patch:
            patch["email"] = self._normalize(patch["email"])
        try:
            return await self.repository.save(current.model_copy(update=patch))
        except DuplicateEmailError as exc:
            raise EmailTakenError("That email belongs to another user") from exc

    async def remove(self, user_id: int) -> None:
        if not await self.repository.delete(user_id):
            raise UserNotFoundError("No such user")


def get_user_service(repository: UserRepository = Depends(get_user_repository)) -> UserService:
    return UserService(repository)


# --- HTTP -------------------------------------------------------------------------------------

ERROR_STATUS: dict[type[AccountError], int] = {
    UserNotFoundError: status.HTTP_404_NOT_FOUND,
    EmailTakenError: status.HTTP_409_CONFLICT,
}


@app.exception_handler(AccountError)
async def account_error_handler(request: Request, exc: AccountError) -> JSONResponse:
    code = next(c for kind, c in ERROR_STATUS.items() if isinstance(exc, kind))
    return JSONResponse(status_code=code, content={"detail": str(exc)})


router = APIRouter(prefix="/users", tags=["users"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=User)
async def create_user(
    data: UserCreate, response: Response, service: UserService = Depends(get_user_service)
):
    user = await service.register(data)
    response.headers["Location"] = router.url_path_for("read_user", user_id=str(user.id))
    return user


@router.get("/{user_id}", response_model=User)
async def read_user(user_id: int, service: UserService = Depends(get_user_service)):
    return await service.find(user_id)


@router.patch("/{user_id}", response_model=User)
async def update_user(
    user_id: int, changes: UserUpdate, service: UserService = Depends(get_user_service)
):
    return await service.change(user_id, changes)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def delete_user(user_id: int, service: UserService = Depends(get_user_service)) -> None:
    await service.remove(user_id)


app.include_router(router)
