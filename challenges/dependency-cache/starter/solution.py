"""Projects API. It works, but every helper opens its own database connection.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the data layer (`Store`, `STORE`, `Connection`, `get_db`) as it is: the grader overrides
`get_db` with connections to its own database, which counts them.
"""

import itertools
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import FastAPI, Header, HTTPException, status
from pydantic import BaseModel

app = FastAPI(title="Projects")

# --- the data layer (given) -----------------------------------------------------------------


class User(BaseModel):
    name: str
    full_name: str


class Project(BaseModel):
    id: int
    name: str
    owner: str


@dataclass
class Store:
    """What the database holds. In-memory for this exercise."""

    users: dict[str, User] = field(default_factory=dict)
    permissions: dict[str, set[str]] = field(default_factory=dict)
    projects: list[Project] = field(default_factory=list)
    audit: list[tuple[str, str]] = field(default_factory=list)


STORE = Store(
    users={
        "alice": User(name="alice", full_name="Alice Archer"),
        "bob": User(name="bob", full_name="Bob Baker"),
    },
    permissions={"alice": {"projects:read", "projects:write"}, "bob": {"projects:read"}},
)
_project_ids = itertools.count(1)


class Connection:
    """One database connection. Opening one is expensive: obtain it only through `get_db`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get_user(self, name: str) -> User | None:
        return self._store.users.get(name)

    def get_permissions(self, user_name: str) -> set[str]:
        return set(self._store.permissions.get(user_name, set()))

    def list_projects(self, owner: str) -> list[Project]:
        return [p for p in self._store.projects if p.owner == owner]

    def insert_project(self, owner: str, name: str) -> Project:
        project = Project(id=next(_project_ids), name=name, owner=owner)
        self._store.projects.append(project)
        return project

    def insert_audit(self, actor: str, action: str) -> None:
        self._store.audit.append((actor, action))


def get_db() -> Connection:
    return Connection(STORE)


# --- routes ---------------------------------------------------------------------------------


class Dashboard(BaseModel):
    user: User
    permissions: list[str]
    projects: list[Project]


def load_user(x_user: str | None) -> User:
    user = get_db().get_user(x_user) if x_user else None
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Unknown or missing X-User")
    return user


@app.get("/me")
async def me(x_user: Annotated[str | None, Header()] = None) -> User:
    return load_user(x_user)


@app.get("/dashboard")
async def dashboard(x_user: Annotated[str | None, Header()] = None) -> Dashboard:
    user = load_user(x_user)
    permissions = get_db().get_permissions(user.name)
    projects = get_db().list_projects(user.name)
    return Dashboard(user=user, permissions=sorted(permissions), projects=projects)


# TODO: POST /projects (see the statement).
