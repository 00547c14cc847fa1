"""Projects API. Written for one customer; now many tenants share it and see each other's data.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `Tenant`, `TenantRegistry`, `get_registry`, `get_db`, `Project` and `ProjectCreate`:
the grader replaces `get_registry` with a registry that knows more tenants.
"""

import sqlite3
from typing import Annotated, ClassVar, Literal

from fastapi import Depends, FastAPI, HTTPException, Response, status
from pydantic import BaseModel, Field

app = FastAPI(title="Projects")

BASE_DOMAIN = "api.example.com"


class Tenant(BaseModel):
    slug: str
    name: str
    plan: Literal["free", "pro", "enterprise"]
    active: bool = True


class TenantOut(BaseModel):
    slug: str
    name: str
    plan: str


class ProjectCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class Project(BaseModel):
    id: int
    name: str


class TenantRegistry:
    """The tenants this deployment serves (in production: a table or a config service)."""

    _TENANTS: ClassVar[dict[str, Tenant]] = {
        "acme": Tenant(slug="acme", name="Acme Corp", plan="pro"),
        "globex": Tenant(slug="globex", name="Globex", plan="free"),
        "initech": Tenant(slug="initech", name="Initech", plan="free", active=False),
    }

    async def get(self, slug: str) -> Tenant | None:
        return self._TENANTS.get(slug)


def connect() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute(
        "CREATE TABLE projects ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, name TEXT NOT NULL)"
    )
    return db


_registry = TenantRegistry()
_db = connect()


def get_registry() -> TenantRegistry:
    return _registry


def get_db() -> sqlite3.Connection:
    return _db


DbDep = Annotated[sqlite3.Connection, Depends(get_db)]

import re

from fastapi import Header, Request

SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?")
RegistryDep = Annotated[TenantRegistry, Depends(get_registry)]


def _bad(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, detail=detail)


def slug_from_host(host: str | None) -> str | None:
    """The subdomain label of BASE_DOMAIN, or None if the host names no tenant."""
    if not host:
        return None
    host = host.strip().lower()
    if host.startswith("["):  # IPv6 literal
        return None
    host = host.rsplit(":", 1)[0] if ":" in host else host
    suffix = "." + BASE_DOMAIN
    if not host.endswith(suffix):
        return None
    return host[: -len(suffix)]


async def get_tenant(
    request: Request,
    registry: RegistryDep,
    x_tenant: Annotated[str | None, Header()] = None,
) -> Tenant:
    from_header = x_tenant
    from_host = slug_from_host(request.headers.get("host"))
    if from_header is None and from_host is None:
        raise _bad("No tenant: send X-Tenant or use <tenant>.api.example.com")
    for candidate in (from_header, from_host):
        if candidate is not None and not SLUG_RE.fullmatch(candidate):
            raise _bad("Malformed tenant slug")
    if from_header is not None and from_host is not None and from_header != from_host:
        raise _bad("X-Tenant and the subdomain name different tenants")
    slug = from_header if from_header is not None else from_host
    tenant = await registry.get(slug)
    if tenant is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Unknown tenant")
    if not tenant.active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Tenant suspended")
    return tenant


TenantDep = Annotated[Tenant, Depends(get_tenant)]


@app.get("/tenant")
async def read_tenant(tenant: TenantDep) -> TenantOut:
    return TenantOut(slug=tenant.slug, name=tenant.name, plan=tenant.plan)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@app.get("/projects")
async def list_projects(tenant: TenantDep, db: DbDep, q: str | None = None) -> list[Project]:
    sql = "SELECT id, name FROM projects WHERE tenant = ?"
    params: list[object] = [tenant.slug]
    if q is not None:
        sql += " AND name LIKE ? ESCAPE '\\'"
        params.append(f"%{_like_escape(q)}%")
    rows = db.execute(sql + " ORDER BY id", params).fetchall()
    return [Project(id=row["id"], name=row["name"]) for row in rows]


@app.post("/projects", status_code=status.HTTP_201_CREATED)
async def create_project(
    payload: ProjectCreate, tenant: TenantDep, db: DbDep, response: Response
) -> Project:
    with db:
        cursor = db.execute(
            "INSERT INTO projects (tenant, name) VALUES (?, ?)", (tenant.slug, payload.name)
        )
    project = Project(id=cursor.lastrowid, name=payload.name)
    response.headers["Location"] = f"/projects/{project.id}"
    return project


@app.get("/projects/{project_id}")
async def get_project(project_id: int, tenant: TenantDep, db: DbDep) -> Project:
    row = db.execute(
        "SELECT id, name FROM projects WHERE id = ? AND tenant = ?", (project_id, tenant.slug)
    ).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Project not found")
    return Project(id=row["id"], name=row["name"])
