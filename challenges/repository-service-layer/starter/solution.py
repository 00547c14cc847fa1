"""User accounts. The routes talk to the repository directly and enforce no rules yet.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `User`, `UserCreate`, `UserUpdate`, `DuplicateEmailError`, `UserRepository` and
`get_user_repository`: the grader replaces `get_user_repository` with its own repository.
"""

from typing import Annotated, Protocol

from fastapi import Depends, FastAPI, HTTPException, Response, status
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


# TODO: move the rules into a service layer with domain errors (see the statement).

Repository = Annotated[UserRepository, Depends(get_user_repository)]


@app.post("/users", status_code=status.HTTP_201_CREATED)
async def create_user(data: UserCreate, repository: Repository, response: Response) -> User:
    user = await repository.add(email=data.email, name=data.name)
    response.headers["Location"] = f"/users/{user.id}"
    return user


@app.get("/users/{user_id}")
async def read_user(user_id: int, repository: Repository) -> User:
    user = await repository.get(user_id)
    if user is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="User not found")
    return user


@app.patch("/users/{user_id}")
async def update_user(user_id: int, changes: UserUpdate, repository: Repository) -> User:
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


@app.delete("/users/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(user_id: int, repository: Repository) -> None:
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")
