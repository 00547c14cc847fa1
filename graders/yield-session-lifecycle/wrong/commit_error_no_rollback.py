# WRONG: 503 on a failed commit but without rollback -- violates "if the commit itself fails: roll back, close, and answer 503" (events commit, rollback, close)
"""Accounts API: a yield dependency with scope="function" owns the unit of work:
commit once on success (before the response), roll back on any error, 503 on a failed commit."""

import itertools
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, status
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


async def get_session(database: DatabaseDep) -> AsyncIterator[Session]:
    session = database.session()
    try:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        try:
            await session.commit()
        except CommitError as exc:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE, detail="The transaction could not be saved"
            ) from exc
    finally:
        await session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


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


def load(session: Session, account_id: int) -> Account:
    account = session.get(account_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"Account {account_id} not found")
    return account


@app.post("/accounts", status_code=status.HTTP_201_CREATED)
async def create_account(payload: AccountCreate, session: SessionDep) -> Account:
    return session.add(payload.owner, payload.balance_cents)


@app.get("/accounts/{account_id}")
async def get_account(account_id: int, session: SessionDep) -> Account:
    return load(session, account_id)


@app.post("/transfers", status_code=status.HTTP_201_CREATED)
async def create_transfer(payload: TransferCreate, session: SessionDep) -> Transfer:
    if payload.from_id == payload.to_id:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail="Cannot transfer to the same account"
        )
    source = load(session, payload.from_id)
    source.balance_cents -= payload.amount_cents
    session.save(source)  # staged: an error below must roll it back
    target = load(session, payload.to_id)
    if source.balance_cents < 0:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Insufficient funds")
    target.balance_cents += payload.amount_cents
    session.save(target)
    return Transfer(source=source, target=target)
