"""Accounts API: the routes commit through a UnitOfWork service before returning; the
(request-scoped) yield dependency only rolls back on errors and closes; a CommitError is
turned into 503 by an exception handler after the dependency has rolled back."""

import itertools
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI(title="Accounts")

# --- the data layer (given) -----------------------------------------------------------------


class Account(BaseModel):
    id: int
    owner: str
    balance_cents: int


class CommitError(Exception):
    """The database refused the transaction (conflict, lost connection...). Nothing was saved."""


class Session:
    """A unit of work: changes are staged and only become visible to others on commit()."""

    _ids = itertools.count(1)

    def __init__(self, database: "Database") -> None:
        self.id = next(self._ids)
        self._database = database
        self._staged: dict[int, Account] = {}

    def get(self, account_id: int) -> Account | None:
        account = self._staged.get(account_id)
        if account is None:
            account = self._database.accounts.get(account_id)
        return account.model_copy() if account is not None else None

    def add(self, owner: str, balance_cents: int) -> Account:
        account = Account(id=self._database.next_id(), owner=owner, balance_cents=balance_cents)
        self._staged[account.id] = account
        return account.model_copy()

    def save(self, account: Account) -> None:
        self._staged[account.id] = account.model_copy()

    async def commit(self) -> None:
        self._database.accounts.update(self._staged)
        self._staged.clear()

    async def rollback(self) -> None:
        self._staged.clear()

    async def close(self) -> None:
        self._staged.clear()


class Database:
    def __init__(self) -> None:
        self.accounts: dict[int, Account] = {}
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def session(self) -> Session:
        return Session(self)


_database = Database()


def get_database() -> Database:
    return _database


DatabaseDep = Annotated[Database, Depends(get_database)]

# --- the session dependency -----------------------------------------------------------------


async def get_session(database: DatabaseDep) -> AsyncGenerator[Session, None]:
    session = database.session()
    try:
        yield session
    except Exception:
        await session.rollback()
        raise
    finally:
        await session.close()


SessionDep = Annotated[Session, Depends(get_session)]


class UnitOfWork:
    """Class dependency: the routes stage changes through it and finish with `complete()`."""

    def __init__(self, session: SessionDep) -> None:
        self.session = session

    def get(self, account_id: int) -> Account:
        account = self.session.get(account_id)
        if account is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"Account {account_id} not found")
        return account

    async def complete(self) -> None:
        await self.session.commit()  # a CommitError propagates to get_session, which rolls back


@app.exception_handler(CommitError)
async def commit_failed(request: Request, exc: CommitError) -> JSONResponse:
    return JSONResponse({"detail": "The transaction could not be saved, try again"}, status_code=503)


# --- routes ---------------------------------------------------------------------------------

class AccountCreate(BaseModel):
    owner: str = Field(min_length=1, max_length=80)
    balance_cents: int = Field(ge=0)


class TransferCreate(BaseModel):
    from_id: int
    to_id: int
    amount_cents: int = Field(gt=0)


class Transfer(BaseModel):
    source: Account
    target: Account


router = APIRouter()
Work = Annotated[UnitOfWork, Depends()]


@router.post("/accounts", status_code=201, response_model=Account)
async def create_account(payload: AccountCreate, work: Work) -> Account:
    account = work.session.add(payload.owner, payload.balance_cents)
    await work.complete()
    return account


@router.get("/accounts/{account_id}", response_model=Account)
async def get_account(account_id: int, work: Work) -> Account:
    return work.get(account_id)


@router.post("/transfers", status_code=201, response_model=Transfer)
async def create_transfer(payload: TransferCreate, work: Work) -> Transfer:
    if payload.from_id == payload.to_id:
        raise HTTPException(400, detail="Cannot transfer to the same account")
    source = work.get(payload.from_id)
    source.balance_cents -= payload.amount_cents
    work.session.save(source)  # staged: an error below must roll it back
    target = work.get(payload.to_id)
    if source.balance_cents < 0:
        raise HTTPException(409, detail="Insufficient funds")
    target.balance_cents += payload.amount_cents
    work.session.save(target)
    await work.complete()
    return Transfer(source=source, target=target)


app.include_router(router)
