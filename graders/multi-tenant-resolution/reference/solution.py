"""Projects API shared by many tenants: resolve the tenant per request, scope every query to it."""

import re
import sqlite3
from typing import Annotated, ClassVar, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

app = FastAPI(title="Projects")

BASE_DOMAIN = "api.example.com"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?")


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


def tenant_from_host(host: str) -> str | None:
    """`acme.api.example.com[:port]` -> `acme`; any other host names no tenant."""
    hostname = host.rsplit(":", 1)[0].lower()
    suffix = "." + BASE_DOMAIN
    return hostname.removesuffix(suffix) if hostname.endswith(suffix) else None


async def get_tenant(
    request: Request,
    registry: Annotated[TenantRegistry, Depends(get_registry)],
    x_tenant: Annotated[str | None, Header()] = None,
) -> Tenant:
    """Resolve the tenant from the X-Tenant header or the subdomain; they must agree."""
    from_host = tenant_from_host(request.headers.get("host", ""))
    named = {slug for slug in (x_tenant, from_host) if slug is not None}
    if not named:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=f"Tenant required: send X-Tenant or use <tenant>.{BASE_DOMAIN}",
        )
    if len(named) > 1:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail="X-Tenant does not match the host's tenant"
        )
    slug = named.pop()
    if not SLUG.fullmatch(slug):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="Malformed tenant")
    tenant = await registry.get(slug)
    if tenant is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Tenant not found")
    if not tenant.active:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Tenant suspended")
    return tenant


TenantDep = Annotated[Tenant, Depends(get_tenant)]
DbDep = Annotated[sqlite3.Connection, Depends(get_db)]


@app.get("/tenant")
async def current_tenant(tenant: TenantDep) -> TenantOut:
    return TenantOut.model_validate(tenant.model_dump())


@app.get("/projects")
async def list_projects(tenant: TenantDep, db: DbDep, q: str | None = None) -> list[Project]:
    """The tenant's projects, optionally those whose name contains `q` (any case)."""
    sql = "SELECT id, name FROM projects WHERE tenant = ?"
    params: list[str] = [tenant.slug]
    if q is not None:
        sql += " AND name LIKE ?"  # the value is bound, never pasted into the SQL
        params.append(f"%{q}%")
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
    if row is None:  # another tenant's project is "not found" too: do not reveal it exists
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Project not found")
    return Project(id=row["id"], name=row["name"])
