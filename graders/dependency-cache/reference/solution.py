"""Projects API: one database connection per request, plus a fresh one for the audit log
(reference solution)."""

import itertools
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, Field

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


# --- dependencies ---------------------------------------------------------------------------

# The request's connection: resolved once per request, however many dependencies ask for it.
DbDep = Annotated[Connection, Depends(get_db)]
# A connection of its own (not shared), for writes that must not ride on the request's one.
FreshDbDep = Annotated[Connection, Depends(get_db, use_cache=False)]


async def get_current_user(db: DbDep, x_user: Annotated[str | None, Header()] = None) -> User:
    user = db.get_user(x_user) if x_user else None
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Unknown or missing X-User")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_permissions(user: CurrentUser, db: DbDep) -> set[str]:
    return db.get_permissions(user.name)


Permissions = Annotated[set[str], Depends(get_permissions)]


class AuditLog:
    def __init__(self, db: Connection) -> None:
        self._db = db

    def record(self, actor: str, action: str) -> None:
        self._db.insert_audit(actor, action)


async def get_audit_log(db: FreshDbDep) -> AuditLog:
    return AuditLog(db)


AuditDep = Annotated[AuditLog, Depends(get_audit_log)]

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
async def dashboard(user: CurrentUser, permissions: Permissions, db: DbDep) -> Dashboard:
    return Dashboard(
        user=user, permissions=sorted(permissions), projects=db.list_projects(user.name)
    )


# `user` comes first: it resolves the shared connection before the audit log asks for a fresh
# one (a use_cache=False result is cached when nothing was cached yet).
@app.post("/projects", status_code=status.HTTP_201_CREATED)
async def create_project(
    payload: ProjectCreate,
    user: CurrentUser,
    permissions: Permissions,
    db: DbDep,
    audit: AuditDep,
) -> Project:
    if "projects:write" not in permissions:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="projects:write required")
    project = db.insert_project(user.name, payload.name)
    audit.record(user.name, f"created project {project.id}")
    return project
