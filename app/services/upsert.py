"""Insert-or-get, enforced by the database: concurrent requests that create the same row
(one attempt per invite, one draft per attempt and challenge, one quiz section per attempt)
all get the one row that exists, never a unique-constraint error.

`INSERT ... ON CONFLICT DO NOTHING` (SQLite and PostgreSQL), then a SELECT of the row by its
unique key; other databases catch the IntegrityError in a SAVEPOINT and read the row again.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

M = TypeVar("M", bound=SQLModel)


async def insert_or_get(session: AsyncSession, model: type[M], values: dict[str, Any],
                        key: tuple[str, ...]) -> tuple[M, bool]:
    """The row of `model` whose unique `key` columns have `values`' values, inserted with
    `values` when there is none. True when this call inserted it. Nothing is committed."""
    dialect = session.bind.dialect.name if session.bind is not None else ""
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        done = await session.exec(insert(model).values(**values)  # type: ignore[call-overload]
                                  .on_conflict_do_nothing(index_elements=list(key))
                                  .returning(*(getattr(model, column) for column in key)))
        created = done.first() is not None  # no row back: the row existed
    else:
        try:
            async with session.begin_nested():
                session.add(model(**values))
            created = True
        except IntegrityError:
            created = False
    row = (await session.exec(select(model).where(
        *(getattr(model, column) == values[column] for column in key))
        .execution_options(populate_existing=True))).one()
    return row, created
