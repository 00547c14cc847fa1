"""User CRUD with correct status codes, kept in memory.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
"""

from typing import Annotated

from fastapi import FastAPI, HTTPException, status
from pydantic import AfterValidator, BaseModel, Field

app = FastAPI(title="Users")

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

Name = Annotated[str, Field(min_length=1, max_length=50)]
# Validates the address, then stores it in lower case.
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254), AfterValidator(str.lower)]


class UserCreate(BaseModel):
    name: Name
    email: Email


class UserUpdate(BaseModel):
    name: Name | None = None
    email: Email | None = None


class User(BaseModel):
    id: int
    name: str
    email: str


USERS: dict[int, User] = {}


# Style: a UserRepository class with an email index and a high-water-mark id counter, domain
# exceptions mapped to responses by exception handlers, an APIRouter, async routes, and an
# explicit Response(status_code=204) for DELETE.
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse


class UserNotFound(Exception):
    pass


class EmailTaken(Exception):
    pass


@app.exception_handler(UserNotFound)
async def not_found(request: Request, exc: UserNotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": "User not found"})


@app.exception_handler(EmailTaken)
async def conflict(request: Request, exc: EmailTaken) -> JSONResponse:
    return JSONResponse(status_code=409, content={"detail": "Email already registered"})


class UserRepository:
    def __init__(self, users: dict[int, User]) -> None:
        self.users = users
        self.by_email: dict[str, int] = {u.email: u.id for u in users.values()}
        self.last_id = max(users, default=0)

    def get(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise UserNotFound from None

    def all(self) -> list[User]:
        return [self.users[k] for k in sorted(self.users)]

    def add(self, name: str, email: str) -> User:
        if email in self.by_email:
            raise EmailTaken
        self.last_id += 1
        user = User(id=self.last_id, name=name, email=email)
        self.users[user.id] = user
        self.by_email[email] = user.id
        return user

    def update(self, user_id: int, fields: dict) -> User:
        current = self.get(user_id)
        new_email = fields.get("email", current.email)
        owner = self.by_email.get(new_email)
        if owner is not None and owner != user_id:
            raise EmailTaken
        data = current.model_dump() | fields
        updated = User(**data)
        del self.by_email[current.email]
        self.by_email[updated.email] = user_id
        self.users[user_id] = updated
        return updated

    def remove(self, user_id: int) -> None:
        user = self.get(user_id)
        del self.users[user_id]
        del self.by_email[user.email]


repo = UserRepository(USERS)
router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=list[User])
async def list_users():
    return repo.all()


@router.get("/{user_id}", response_model=User)
async def read_user(user_id: int):
    return repo.get(user_id)


@router.post("", status_code=201, response_model=User)
async def create_user(payload: UserCreate, response: Response):
    user = repo.add(payload.name, payload.email)
    response.headers["Location"] = f"/users/{user.id}"
    return user


@router.patch("/{user_id}", response_model=User)
async def update_user(user_id: int, payload: UserUpdate):
    return repo.update(user_id, payload.model_dump(exclude_unset=True))


@router.delete("/{user_id}", status_code=204, response_class=Response)
async def delete_user(user_id: int):
    repo.remove(user_id)
    return Response(status_code=204)


app.include_router(router)
