"""Projects API. It works, but every helper opens its own database connection.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the data layer (`Store`, `STORE`, `Connection`, `get_db`) as it is: the grader wraps
`get_db` to count connections.
"""

import itertools
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, status
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


# --- dependencies as classes, default-value style ------------------------------------------


class CurrentUser:
    """Resolves the caller once per request (the class is the cache key)."""

    def __init__(self, x_user: str | None = Header(default=None), db: Connection = Depends(get_db)) -> None:
        user = db.get_user(x_user) if x_user else None
        if user is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Unknown or missing X-User")
        self.user = user


class Account:
    """The current user with their permissions, on the request's connection."""

    def __init__(self, current: CurrentUser = Depends(), db: Connection = Depends(get_db)) -> None:
        self.user = current.user
        self.db = db
        self.permissions = db.get_permissions(current.user.name)

    def can(self, permission: str) -> bool:
        return permission in self.permissions


class AuditTrail:
    """Writes audit entries on a connection of its own, outside the request's connection."""

    def __init__(self, db: Connection = Depends(get_db, use_cache=False)) -> None:
        self._db = db

    def record(self, actor: str, action: str) -> None:
        self._db.insert_audit(actor, action)


# --- routes ---------------------------------------------------------------------------------


class Dashboard(BaseModel):
    user: User
    permissions: list[str]
    projects: list[Project]


class ProjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=80)


router = APIRouter()


@router.get("/me", response_model=User)
def me(current: CurrentUser = Depends()):
    return current.user


@router.get("/dashboard", response_model=Dashboard)
def dashboard(account: Account = Depends()):
    return {
        "user": account.user,
        "permissions": sorted(account.permissions),
        "projects": account.db.list_projects(account.user.name),
    }


@router.post("/projects", status_code=201, response_model=Project)
def create_project(payload: ProjectCreate, account: Account = Depends(), audit: AuditTrail = Depends()):
    if not account.can("projects:write"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="projects:write required")
    project = account.db.insert_project(account.user.name, payload.name)
    audit.record(account.user.name, f"created project {project.id} ({project.name})")
    return project


app.include_router(router)
