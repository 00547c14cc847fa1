"""Inventory API with OAuth2 scopes (reference solution).

POST /token issues a short-lived JWT carrying the granted scopes (requested ∩ allowed).
Every protected route declares its scopes with `Security`; `get_current_user` reads them all,
aggregated over the dependency tree, from `SecurityScopes` and answers 401 for a bad token and
403 (RFC 6750 `insufficient_scope`) for a valid token that lacks a scope.
"""

import itertools
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException, Security, status
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
# Verified when the username is unknown, so that both failures take the same time.
DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$P6rZhErEcubtTReAPSX21A$7x/378ToigiQCEL3oGNBcS1+RgQXAf55lk2oJniN/9g"


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


class Principal(BaseModel):
    """The caller, as proven by a valid token."""

    user: UserRecord
    scopes: list[str]


ITEMS: dict[int, Item] = {
    1: Item(id=1, name="Widget", owner="alice"),
    2: Item(id=2, name="Gadget", owner="root"),
}
_item_ids = itertools.count(3)

app = FastAPI(title="Inventory")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token", scopes=SCOPES)


def authenticate(username: str, password: str) -> UserRecord | None:
    user = USERS.get(username)
    if user is None:
        password_hash.verify(password, DUMMY_HASH)
        return None
    return user if password_hash.verify(password, user.password_hash) else None


def create_access_token(username: str, scopes: list[str]) -> str:
    now = datetime.now(timezone.utc)
    claims = {
        "sub": username,
        "scopes": scopes,
        "iat": now,
        "exp": now + timedelta(minutes=ACCESS_TOKEN_MINUTES),
    }
    return jwt.encode(claims, SECRET_KEY, algorithm=ALGORITHM)


def get_current_user(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]
) -> Principal:
    """Validate the bearer token, then check every scope the route (and its dependencies) need."""
    invalid = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )
    try:
        claims = jwt.decode(
            token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]}
        )
    except jwt.InvalidTokenError as exc:
        raise invalid from exc
    user = USERS.get(claims["sub"])
    scopes = claims.get("scopes", [])
    if user is None or not isinstance(scopes, list):
        raise invalid
    missing = [scope for scope in security_scopes.scopes if scope not in scopes]
    if missing:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=f"Missing scope: {' '.join(missing)}",
            headers={
                "WWW-Authenticate": (
                    f'Bearer error="insufficient_scope", scope="{security_scopes.scope_str}"'
                )
            },
        )
    return Principal(user=user, scopes=scopes)


def get_item_writer(
    principal: Annotated[Principal, Security(get_current_user, scopes=["items:write"])],
) -> Principal:
    """A caller who may change items; routes add their own scopes on top."""
    return principal


Reader = Annotated[Principal, Security(get_current_user, scopes=["items:read"])]
Writer = Annotated[Principal, Security(get_item_writer)]
Admin = Annotated[Principal, Security(get_item_writer, scopes=["admin"])]


@app.post("/token")
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """Password grant. `def`, not `async def`: argon2 is CPU-bound and runs in the threadpool."""
    unknown = [scope for scope in form.scopes if scope not in SCOPES]
    if unknown:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail=f"Unknown scope: {' '.join(unknown)}"
        )
    user = authenticate(form.username, form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    granted = [scope for scope in SCOPES if scope in form.scopes and scope in user.allowed_scopes]
    return Token(access_token=create_access_token(user.username, granted), scope=" ".join(granted))


@app.get("/users/me")
def read_me(
    principal: Annotated[Principal, Security(get_current_user, scopes=["profile"])],
) -> Profile:
    return Profile(
        username=principal.user.username,
        full_name=principal.user.full_name,
        scopes=principal.scopes,
    )


@app.get("/items")
def list_items(principal: Reader) -> list[Item]:
    return list(ITEMS.values())


@app.post("/items", status_code=status.HTTP_201_CREATED)
def create_item(payload: ItemCreate, principal: Writer) -> Item:
    item = Item(id=next(_item_ids), name=payload.name, owner=principal.user.username)
    ITEMS[item.id] = item
    return item


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int, principal: Admin) -> None:
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
