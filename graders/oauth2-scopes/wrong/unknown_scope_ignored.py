# WRONG: an unknown requested scope is silently dropped instead of a 400. Violates "a requested scope is not one of the four scopes | 400".
"""Inventory API protected with OAuth2 scopes (Security + SecurityScopes).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep SECRET_KEY, ALGORITHM, SCOPES, USERS and the models: the grader's tests rely on them.
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


@app.post("/token")
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    unknown = [s for s in form.scopes if s not in SCOPES]
    if False and unknown:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail=f"Unknown scope(s): {' '.join(unknown)}"
        )
    user = USERS.get(form.username)
    if user is None or not password_hash.verify(form.password, user.password_hash):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    granted = list(dict.fromkeys(s for s in form.scopes if s in user.allowed_scopes))
    return Token(access_token=create_access_token(user.username, granted), scope=" ".join(granted))


class CurrentUser(BaseModel):
    record: UserRecord
    scopes: list[str]


def get_current_user(
    security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2_scheme)]
) -> CurrentUser:
    if security_scopes.scopes:
        authenticate_value = f'Bearer scope="{security_scopes.scope_str}"'
    else:
        authenticate_value = "Bearer"
    credentials_error = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": authenticate_value},
    )
    try:
        payload = jwt.decode(
            token, SECRET_KEY, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.InvalidTokenError:
        raise credentials_error from None
    user = USERS.get(payload.get("sub"))
    token_scopes = payload.get("scopes", [])
    if user is None or not isinstance(token_scopes, list):
        raise credentials_error
    missing = [s for s in security_scopes.scopes if s not in token_scopes]
    if missing:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail="Not enough permissions",
            headers={
                "WWW-Authenticate": (
                    f'Bearer error="insufficient_scope", scope="{security_scopes.scope_str}"'
                )
            },
        )
    return CurrentUser(record=user, scopes=[str(s) for s in token_scopes])


def get_writer(
    current: Annotated[CurrentUser, Security(get_current_user, scopes=["items:write"])],
) -> CurrentUser:
    return current


@app.get("/users/me")
def read_me(
    current: Annotated[CurrentUser, Security(get_current_user, scopes=["profile"])],
) -> Profile:
    return Profile(
        username=current.record.username,
        full_name=current.record.full_name,
        scopes=current.scopes,
    )


@app.get("/items")
def list_items(
    current: Annotated[CurrentUser, Security(get_current_user, scopes=["items:read"])],
) -> list[Item]:
    return list(ITEMS.values())


@app.post("/items", status_code=status.HTTP_201_CREATED)
def create_item(
    payload: ItemCreate, writer: Annotated[CurrentUser, Security(get_writer)]
) -> Item:
    item = Item(id=next(_item_ids), name=payload.name, owner=writer.record.username)
    ITEMS[item.id] = item
    return item


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(
    item_id: int, admin: Annotated[CurrentUser, Security(get_writer, scopes=["admin"])]
) -> None:
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
