"""Inventory API protected with OAuth2 scopes (Security + SecurityScopes).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep SECRET_KEY, ALGORITHM, SCOPES, USERS and the models: the grader's tests rely on them.
"""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException, Request, Security, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm, SecurityScopes
from pwdlib import PasswordHash
from pydantic import BaseModel, Field

SECRET_KEY = "crucible-oauth2-scopes-demo-secret-change-me-in-production"
ALGORITHM = "HS256"
ACCESS_TOKEN_MINUTES = 15

SCOPES: dict[str, str] = {
    "profile": "Read your own profile",
    "items:read": "List items",
    "items:write": "Create and delete items",
    "admin": "Administrative actions",
}

password_hash = PasswordHash.recommended()  # verifies the argon2id hashes below


class UserRecord(BaseModel):
    username: str
    full_name: str
    allowed_scopes: list[str]
    password_hash: str


# Passwords: alice / wonderland, bob / builder, root / r00t-access
USERS: dict[str, UserRecord] = {
    "alice": UserRecord(
        username="alice",
        full_name="Alice Liddell",
        allowed_scopes=["profile", "items:read", "items:write"],
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$K5cuQkHzPXRgQEU35XOqjg$3eEDZGy83rXvXNZHCTHNzkIJyS6C2oF1fO6Ap4xMaw8",
    ),
    "bob": UserRecord(
        username="bob",
        full_name="Bob Builder",
        allowed_scopes=["profile", "items:read"],
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$ZhAVQ9xizZb4WFM3r18c6Q$t9DJY3tHIBCjw1/PCBSAVYCIKWymSOqM9XV92UziFHU",
    ),
    "root": UserRecord(
        username="root",
        full_name="Root Operator",
        allowed_scopes=["profile", "items:read", "items:write", "admin"],
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$TpiAsFa7+Y/0ybWxAGUjOA$IWfXLoxAaLevMl+pwr+EGRGLcSFuDx8oVt38GLjytsU",
    ),
}


class ItemCreate(BaseModel):
    name: str = Field(min_length=1, max_length=50)


class Item(ItemCreate):
    id: int
    owner: str


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    scope: str


class Profile(BaseModel):
    username: str
    full_name: str
    scopes: list[str]


ITEMS: dict[int, Item] = {
    1: Item(id=1, name="Widget", owner="alice"),
    2: Item(id=2, name="Gadget", owner="root"),
}
_item_ids = itertools.count(3)

app = FastAPI(title="Inventory")


def create_access_token(username: str, scopes: list[str]) -> str:
    now = datetime.now(timezone.utc)
    claims = {
        "sub": username,
        "scopes": scopes,
        "iat": now,
        "exp": now + timedelta(minutes=ACCESS_TOKEN_MINUTES),
    }
    return jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token", scopes=SCOPES)


# --- auth errors, turned into RFC 6750 responses by exception handlers -------------------------


class InvalidToken(Exception):
    """401: the client must get a (new) token."""

    def __init__(self, required: str = "") -> None:
        self.required = required


class InsufficientScope(Exception):
    """403: the token is known but may not do this."""

    def __init__(self, required: str) -> None:
        self.required = required


@app.exception_handler(InvalidToken)
async def on_invalid_token(request: Request, exc: InvalidToken) -> JSONResponse:
    challenge = f'Bearer error="invalid_token", scope="{exc.required}"' if exc.required else "Bearer"
    return JSONResponse(
        {"detail": "Invalid or expired token"},
        status_code=status.HTTP_401_UNAUTHORIZED,
        headers={"WWW-Authenticate": challenge},
    )


@app.exception_handler(InsufficientScope)
async def on_insufficient_scope(request: Request, exc: InsufficientScope) -> JSONResponse:
    return JSONResponse(
        {"detail": "The token lacks a required scope"},
        status_code=status.HTTP_403_FORBIDDEN,
        headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{exc.required}"'},
    )


@dataclass(frozen=True)
class Principal:
    user: UserRecord
    scopes: frozenset[str] = field(default_factory=frozenset)
    scope_list: tuple[str, ...] = ()


@app.post("/token")
def issue_token(form: OAuth2PasswordRequestForm = Depends()) -> Token:
    user = USERS.get(form.username)
    if user is None or not password_hash.verify(form.password, user.password_hash):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    requested = set(form.scopes)
    if not requested <= SCOPES.keys():
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="invalid_scope")
    granted = sorted(requested & set(user.allowed_scopes))
    return Token(access_token=create_access_token(user.username, granted), scope=" ".join(granted))


def get_current_user(
    security_scopes: SecurityScopes, token: str = Depends(oauth2_scheme)
) -> Principal:
    try:
        claims = jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        raise InvalidToken(security_scopes.scope_str) from None
    if "exp" not in claims or not isinstance(claims.get("sub"), str):
        raise InvalidToken(security_scopes.scope_str)
    user = USERS.get(claims["sub"])
    raw_scopes = claims.get("scopes") or []
    if user is None or not isinstance(raw_scopes, list):
        raise InvalidToken(security_scopes.scope_str)
    granted = frozenset(raw_scopes)
    if not granted.issuperset(security_scopes.scopes):
        raise InsufficientScope(security_scopes.scope_str)
    return Principal(user=user, scopes=granted, scope_list=tuple(raw_scopes))


async def require_writer(
    principal: Principal = Security(get_current_user, scopes=["items:write"]),
) -> Principal:
    return principal


@app.get("/users/me", response_model=Profile)
async def read_me(principal: Principal = Security(get_current_user, scopes=["profile"])):
    return {
        "username": principal.user.username,
        "full_name": principal.user.full_name,
        "scopes": list(principal.scope_list),
    }


@app.get("/items", dependencies=[Security(get_current_user, scopes=["items:read"])])
async def list_items() -> list[Item]:
    return list(ITEMS.values())


@app.post("/items", status_code=status.HTTP_201_CREATED)
async def create_item(payload: ItemCreate, writer: Principal = Security(require_writer)) -> Item:
    item = Item(id=next(_item_ids), name=payload.name, owner=writer.user.username)
    ITEMS[item.id] = item
    return item


@app.delete(
    "/items/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Security(require_writer, scopes=["admin"])],
)
async def delete_item(item_id: int) -> None:
    if item_id not in ITEMS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
    del ITEMS[item_id]
