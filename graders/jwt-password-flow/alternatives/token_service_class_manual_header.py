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


# Style: a TokenService class built per request from the injected settings and clock, the
# Authorization header parsed by hand (no security class), a custom exception + handler that
# adds WWW-Authenticate, async routes, integer epoch claims, an explicit alg check on the
# unverified header, and claims checked by hand against get_now().
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from fastapi.responses import JSONResponse


class AuthError(Exception):
    def __init__(self, detail: str = "Could not validate credentials") -> None:
        self.detail = detail


@app.exception_handler(AuthError)
async def auth_error_handler(request: Request, exc: AuthError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=401,
                        headers={"WWW-Authenticate": "Bearer"})


class TokenService:
    def __init__(
        self,
        settings: Annotated[Settings, Depends(get_settings)],
        now: Annotated[datetime, Depends(get_now)],
    ) -> None:
        self.secret = settings.jwt_secret
        self.lifetime_s = settings.access_token_minutes * 60
        self.now = now

    def issue(self, username: str) -> Token:
        iat = int(self.now.timestamp())
        claims = {"sub": username, "iat": iat, "exp": iat + self.lifetime_s}
        return Token(access_token=jwt.encode(claims, self.secret, algorithm="HS256"),
                     expires_in=self.lifetime_s)

    def subject(self, token: str) -> str:
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != "HS256":
                raise AuthError("Unsupported token algorithm")
            claims = jwt.decode(
                token, self.secret, algorithms=["HS256"],
                options={"verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            raise AuthError("Invalid token") from None
        exp, sub = claims.get("exp"), claims.get("sub")
        if not isinstance(exp, (int, float)) or isinstance(exp, bool):
            raise AuthError("Token has no expiry")
        if not isinstance(sub, str) or not sub:
            raise AuthError("Token has no subject")
        if not self.now < datetime.fromtimestamp(exp, UTC):
            raise AuthError("Token expired")
        return sub


Tokens = Annotated[TokenService, Depends()]


@app.post("/token", response_model=Token)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    tokens: Tokens,
):
    record = USERS.get(form.username)
    ok = password_hash.verify(form.password, record.password_hash if record else DUMMY_HASH)
    if record is None or not ok:
        raise AuthError("Incorrect username or password")
    return tokens.issue(record.username)


def bearer_token(request: Request) -> str:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise AuthError("Not authenticated")
    return credentials.strip()


async def current_user(token: Annotated[str, Depends(bearer_token)], tokens: Tokens) -> UserRecord:
    user = USERS.get(tokens.subject(token))
    if user is None:
        raise AuthError("Unknown user")
    return user


@app.get("/users/me", response_model=UserPublic)
async def read_me(user: Annotated[UserRecord, Depends(current_user)]):
    return user
