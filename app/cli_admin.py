"""What the `crucible admin` commands do, against the configured database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from app.config import Settings
from app.db import create_tables, make_engine, make_sessionmaker
from app.errors import DomainError
from app.services import accounts
from app.services.accounts import Role

T = TypeVar("T")


async def _with_session(settings: Settings, action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    engine = make_engine(settings.database_url)
    try:
        await create_tables(engine)
        async with make_sessionmaker(engine)() as session:
            return await action(session)
    finally:
        await engine.dispose()


async def create_user(settings: Settings, email: str, role: str, password: str) -> None:
    try:
        parsed = Role(role)
    except ValueError:
        raise DomainError(f"role must be one of: {', '.join(r.value for r in Role)}") from None
    await _with_session(settings, lambda s: accounts.create_user(
        session=s, email=email, role=parsed, password=password))


async def issue_token(settings: Settings, email: str, name: str) -> tuple[int, str]:
    async def issue(session: AsyncSession) -> tuple[int, str]:
        row, token = await accounts.issue_token(session=session, email=email, name=name)
        return row.id, token

    return await _with_session(settings, issue)


async def revoke_token(settings: Settings, token_id: int) -> None:
    await _with_session(settings, lambda s: accounts.revoke_token(session=s, token_id=token_id))
