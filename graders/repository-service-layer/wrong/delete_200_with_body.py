# WRONG: DELETE returns 200 with {"deleted": true}. Violates "DELETE ... 204, no body".
"""User accounts: routes -> UserService (rules, domain errors) -> UserRepository (data)."""

from typing import Annotated, Protocol

from fastapi import Depends, FastAPI, Request, Response, status
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


class DomainError(Exception):
    """Base class of the service's errors; knows nothing about HTTP."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserNotFoundError(DomainError):
    def __init__(self, user_id: int) -> None:
        super().__init__(f"User {user_id} not found")
        self.user_id = user_id


class EmailTakenError(DomainError):
    def __init__(self, email: str) -> None:
        super().__init__(f"Email {email} is already registered")
        self.email = email


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


def normalize_email(email: str) -> str:
    return email.strip().lower()


class UserService:
    def __init__(self, repository: UserRepository) -> None:
        self.repository = repository

    async def get(self, user_id: int) -> User:
        user = await self.repository.get(user_id)
        if user is None:
            raise UserNotFoundError(user_id)
        return user

    async def register(self, email: str, name: str) -> User:
        email = normalize_email(email)
        if await self.repository.get_by_email(email) is not None:
            raise EmailTakenError(email)
        try:
            return await self.repository.add(email=email, name=name)
        except DuplicateEmailError:
            raise EmailTakenError(email) from None

    async def update(self, user_id: int, email: str | None, name: str | None) -> User:
        user = await self.get(user_id)
        changes: dict[str, str] = {}
        if email is not None:
            email = normalize_email(email)
            owner = await self.repository.get_by_email(email)
            if owner is not None and owner.id != user.id:
                raise EmailTakenError(email)
            changes["email"] = email
        if name is not None:
            changes["name"] = name
        updated = user.model_copy(update=changes)
        try:
            return await self.repository.save(updated)
        except DuplicateEmailError:
            raise EmailTakenError(updated.email) from None

    async def delete(self, user_id: int) -> None:
        if not await self.repository.delete(user_id):
            raise UserNotFoundError(user_id)


def get_user_service(
    repository: Annotated[UserRepository, Depends(get_user_repository)],
) -> UserService:
    return UserService(repository)


Service = Annotated[UserService, Depends(get_user_service)]


# --- HTTP -------------------------------------------------------------------------------------


@app.exception_handler(UserNotFoundError)
async def user_not_found(request: Request, exc: UserNotFoundError) -> JSONResponse:
    return JSONResponse({"detail": exc.message}, status_code=status.HTTP_404_NOT_FOUND)


@app.exception_handler(EmailTakenError)
async def email_taken(request: Request, exc: EmailTakenError) -> JSONResponse:
    return JSONResponse({"detail": exc.message}, status_code=status.HTTP_409_CONFLICT)


@app.post("/users", status_code=status.HTTP_201_CREATED)
async def create_user(data: UserCreate, service: Service, response: Response) -> User:
    user = await service.register(data.email, data.name)
    response.headers["Location"] = f"/users/{user.id}"
    return user


@app.get("/users/{user_id}")
async def read_user(user_id: int, service: Service) -> User:
    return await service.get(user_id)


@app.patch("/users/{user_id}")
async def update_user(user_id: int, changes: UserUpdate, service: Service) -> User:
    return await service.update(user_id, email=changes.email, name=changes.name)


@app.delete("/users/{user_id}")
async def delete_user(user_id: int, service: Service) -> dict[str, bool]:
    await service.delete(user_id)
    return {"deleted": True}
