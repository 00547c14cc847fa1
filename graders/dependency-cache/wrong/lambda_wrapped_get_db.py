# WRONG: wraps get_db in a lambda for the user dependency, a different cache key, so /dashboard opens two connections ('declare the same function everywhere (a lambda or a wrapper is a different callable)')
"""Projects API. It works, but every helper opens its own database connection.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the data layer (`Store`, `STORE`, `Connection`, `get_db`) as it is: the grader wraps
`get_db` to count connections.
"""

import itertools
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import Field
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


# --- dependencies -----------------------------------------------------------------------------

Db = Annotated[Connection, Depends(get_db)]
FreshDb = Annotated[Connection, Depends(get_db, use_cache=False)]


def get_current_user(db: Annotated[Connection, Depends(lambda: get_db())], x_user: Annotated[str | None, Header()] = None) -> User:
    user = db.get_user(x_user) if x_user else None
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Unknown or missing X-User")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_permissions(user: CurrentUser, db: Db) -> set[str]:
    return db.get_permissions(user.name)


Permissions = Annotated[set[str], Depends(get_permissions)]


def require(permission: str):
    def checker(permissions: Permissions) -> None:
        if permission not in permissions:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"Missing permission {permission}")

    return checker


# --- routes ---------------------------------------------------------------------------------


class Dashboard(BaseModel):
    user: User
    permissions: list[str]
    projects: list[Project]


class ProjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=80)


@app.get("/me")
async def me(user: CurrentUser) -> User:
    return user


@app.get("/dashboard")
async def dashboard(user: CurrentUser, permissions: Permissions, db: Db) -> Dashboard:
    return Dashboard(user=user, permissions=sorted(permissions), projects=db.list_projects(user.name))


@app.post(
    "/projects",
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require("projects:write"))],
)
async def create_project(payload: ProjectCreate, user: CurrentUser, db: Db, audit_db: FreshDb) -> Project:
    # `db` (and the user/permission lookups) is resolved first, so it is the cached request
    # connection; `audit_db` comes after it with use_cache=False, so it is a fresh one.
    project = db.insert_project(user.name, payload.name)
    audit_db.insert_audit(user.name, f"project.created:{project.id}")
    return project
