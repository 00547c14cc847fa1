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


from datetime import timedelta
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)

SettingsDep = Annotated[Settings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def authenticate(username: str, password: str) -> UserRecord | None:
    user = USERS.get(username)
    if user is None:
        password_hash.verify(password, DUMMY_HASH)
        return None
    if not password_hash.verify(password, user.password_hash):
        return None
    return user


@app.post("/token")
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], settings: SettingsDep, now: NowDep
) -> Token:
    user = authenticate(form.username, form.password)
    if user is None:
        raise unauthorized("Incorrect username or password")
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims = {"sub": user.username, "iat": now, "exp": now + lifetime}
    token = jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)
    return Token(access_token=token, expires_in=int(lifetime.total_seconds()))


def get_current_user(
    token: Annotated[str | None, Depends(oauth2_scheme)], settings: SettingsDep, now: NowDep
) -> UserRecord:
    if not token:
        raise unauthorized("Not authenticated")
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False,
                     "verify_nbf": False},
        )
    except jwt.InvalidTokenError:
        raise unauthorized("Invalid token")
    exp = claims["exp"]
    if not isinstance(exp, (int, float)) or now.timestamp() >= exp:
        raise unauthorized("Token expired")
    user = USERS.get(claims["sub"]) if isinstance(claims["sub"], str) else None
    if user is None:
        raise unauthorized("Unknown user")
    return user


@app.get("/users/me")
def read_me(user: Annotated[UserRecord, Depends(get_current_user)]) -> UserPublic:
    return UserPublic(username=user.username, full_name=user.full_name)
