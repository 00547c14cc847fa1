"""Inventory API. Anyone can call every route: protect them with OAuth2 scopes.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep SECRET_KEY, ALGORITHM, SCOPES, USERS and the models: the grader's tests rely on them.
"""

import itertools
from datetime import datetime, timedelta, timezone
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm
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


@app.post("/token")
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    user = USERS.get(form.username)
    if user is None or not password_hash.verify(form.password, user.password_hash):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # TODO: grant scopes (see the statement).
    return Token(access_token=create_access_token(user.username, []), scope="")


# TODO: protect the routes below with OAuth2PasswordBearer, Security and SecurityScopes.


@app.get("/users/me")
def read_me() -> Profile:
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail="Not implemented")


@app.get("/items")
def list_items() -> list[Item]:
    return list(ITEMS.values())


@app.post("/items", status_code=status.HTTP_201_CREATED)
def create_item(payload: ItemCreate) -> Item:
    item = Item(id=next(_item_ids), name=payload.name, owner="anonymous")
    ITEMS[item.id] = item
    return item


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int) -> None:
    if ITEMS.pop(item_id, None) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Item not found")
