"""Accounts API: log in with a password, get a JWT, use it.

Run it with `JWT_SECRET=dev-secret uvicorn solution:app --reload` and open /docs.
Keep `Settings`, `get_settings`, `get_now`, `USERS` and the models: the grader uses them.
Passwords: alice / wonderland-42, bob / builder-can-fix.
"""

from datetime import UTC, datetime
from functools import lru_cache

import jwt  # noqa: F401  # PyJWT
from fastapi import FastAPI, HTTPException, status
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

app = FastAPI(title="Accounts")

ALGORITHM = "HS256"


class Settings(BaseSettings):
    """Read from the environment: JWT_SECRET (required), ACCESS_TOKEN_MINUTES."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    jwt_secret: str
    access_token_minutes: int = 15


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # jwt_secret comes from the environment


def get_now() -> datetime:
    """The current time (UTC). The grader replaces this with a clock it controls."""
    return datetime.now(UTC)


class UserRecord(BaseModel):
    username: str
    full_name: str
    password_hash: str


# argon2id (OWASP's minimum parameters, so logging in stays quick); the hashes carry them.
password_hash = PasswordHash((Argon2Hasher(memory_cost=19456, time_cost=2, parallelism=1),))

USERS: dict[str, UserRecord] = {
    "alice": UserRecord(
        username="alice",
        full_name="Alice Liddell",
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$PmlWyCnKGpI2ggfzCRKyWA$"
        "VoMct/ZskZcw/0g7qsTJpR6ZUgJAfGSOx+IP9YAP5c8",  # "wonderland-42"
    ),
    "bob": UserRecord(
        username="bob",
        full_name="Bob Builder",
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$4UpCovPguVsoRgi3oVWueA$"
        "iOtJFDMlQkfcinwhxDuuoJMAzyyGj9zUN+39MN+2Jdk",  # "builder-can-fix"
    ),
}

# Verified when the username is unknown, so both failures take the same time.
DUMMY_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$2fnZT74fpe4g91P8t/kGGA$"
    "DnP3wIDeQSmS+ujx2rxaXInd5syNc9OLgNl88XsTd+o"
)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class UserPublic(BaseModel):
    username: str
    full_name: str


@app.post("/token")
def login() -> Token:
    # TODO: OAuth2 password flow (see the statement).
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


@app.get("/users/me")
def read_me() -> UserPublic:
    # TODO: the user the bearer token belongs to.
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")
