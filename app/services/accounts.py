"""Staff accounts: creation, password login, API tokens."""

from __future__ import annotations

import secrets
from enum import StrEnum

from pwdlib import PasswordHash
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.errors import Conflict, DomainError, NotFound, Unauthorized
from app.models import ApiToken, User, utcnow
from app.services.tokens import hash_token

_hasher = PasswordHash.recommended()  # argon2id
# Verified against when the email is unknown, so both paths cost one argon2 check.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_PASSWORD_LENGTH = 12


class Role(StrEnum):
    ADMIN = "admin"
    INTERVIEWER = "interviewer"


class InvalidCredentials(Unauthorized):
    """Wrong email or password: one message for every cause, to not reveal which."""


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise DomainError(f"{email!r} is not an email address")
    return email


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


async def set_password(*, session: AsyncSession, user: User, password: str) -> None:
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    session.add(user)
    await session.commit()


async def create_user(*, session: AsyncSession, email: str, role: Role,
                      password: str) -> User:
    email = normalize_email(email)
    _check_password(password)
    if (await session.exec(select(User).where(User.email == email))).first() is not None:
        raise Conflict(f"a user {email} already exists")
    user = User(email=email, role=role.value, password_hash=_hasher.hash(password))
    session.add(user)
    await session.commit()
    await session.refresh(user)
    return user


async def authenticate(*, session: AsyncSession, email: str, password: str) -> User:
    """The active user with these credentials; one vague error for every kind of failure."""
    user = (await session.exec(select(User).where(
        User.email == email.strip().lower()))).first()
    valid = _hasher.verify(password, user.password_hash if user else _DUMMY_HASH)
    if user is None or not valid or not user.is_active:
        raise InvalidCredentials("wrong email or password")
    user.last_login_at = utcnow()
    session.add(user)
    await session.commit()
    return user


async def get_active_user(*, session: AsyncSession, user_id: int) -> User | None:
    user = await session.get(User, user_id)
    return user if user is not None and user.is_active else None


async def issue_token(*, session: AsyncSession, email: str, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for the user; the token itself is returned once and never stored."""
    user = (await session.exec(select(User).where(User.email == normalize_email(email)))).first()
    if user is None:
        raise NotFound(f"no user {email}")
    token = "cru_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), name=name)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row, token


async def revoke_token(*, session: AsyncSession, token_id: int) -> None:
    row = await session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"no API token {token_id}")
    row.revoked_at = row.revoked_at or utcnow()
    session.add(row)
    await session.commit()


async def user_for_token(*, session: AsyncSession, token: str) -> User:
    row = (await session.exec(select(ApiToken).where(
        ApiToken.token_hash == hash_token(token)))).first()
    if row is None or row.revoked_at is not None:
        raise Unauthorized("the API token is not valid")
    user = await get_active_user(session=session, user_id=row.user_id)
    if user is None:
        raise Unauthorized("the API token is not valid")
    row.last_used_at = utcnow()
    session.add(row)
    await session.commit()
    return user


async def list_users(*, session: AsyncSession) -> list[User]:
    return list((await session.exec(select(User).order_by(User.email))).all())


async def set_active(*, session: AsyncSession, user_id: int, active: bool, acting: User) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    if user.id == acting.id and not active:
        raise Conflict("you cannot deactivate your own account")
    user.is_active = active
    session.add(user)
    await session.commit()
    return user
