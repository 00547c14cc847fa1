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

# Style: a configurable class-based resolver (callable instance), APIRouter whose routes are
# sync `def`, host parsed with one regex, search with instr(lower(...)) instead of LIKE,
# tenant-scoped queries in a small repository class.
import re

from fastapi import APIRouter, Request

SLUG = r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?"


class TenantResolver:
    def __init__(self, base_domain: str, header: str = "x-tenant") -> None:
        self.header = header
        self.base = base_domain.lower()
        self.slug_re = re.compile(SLUG)

    def host_label(self, host: str) -> str | None:
        hostname = host.lower()
        m = re.fullmatch(r"(?P<name>[^:\[\]]*)(?::\d*)?", hostname)
        if m is None:
            return None
        name = m.group("name").rstrip(".")
        if not name.endswith("." + self.base):
            return None
        return name[: -(len(self.base) + 1)]

    async def __call__(
        self, request: Request, registry: Annotated[TenantRegistry, Depends(get_registry)]
    ) -> Tenant:
        header_value = request.headers.get(self.header)
        host_value = self.host_label(request.headers.get("host", ""))
        named = [v for v in (header_value, host_value) if v is not None]
        if not named:
            raise HTTPException(400, detail="This request names no tenant")
        if any(self.slug_re.fullmatch(v) is None for v in named):
            raise HTTPException(400, detail="Malformed tenant name")
        if len(set(named)) > 1:
            raise HTTPException(400, detail="Conflicting tenant names")
        tenant = await registry.get(named[0])
        if tenant is None:
            raise HTTPException(404, detail="No such tenant")
        if not tenant.active:
            raise HTTPException(403, detail="This tenant is suspended")
        return tenant


current_tenant = TenantResolver(BASE_DOMAIN)
TenantDep = Annotated[Tenant, Depends(current_tenant)]


class ProjectRepo:
    def __init__(self, db: sqlite3.Connection, tenant: str) -> None:
        self.db, self.tenant = db, tenant

    def list(self, q: str | None) -> list[Project]:
        if q is None:
            rows = self.db.execute(
                "SELECT id, name FROM projects WHERE tenant = ? ORDER BY id", (self.tenant,)
            )
        else:
            rows = self.db.execute(
                "SELECT id, name FROM projects WHERE tenant = ? AND instr(lower(name), lower(?)) > 0"
                " ORDER BY id",
                (self.tenant, q),
            )
        return [Project(id=r["id"], name=r["name"]) for r in rows.fetchall()]

    def add(self, name: str) -> Project:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO projects (tenant, name) VALUES (?, ?)", (self.tenant, name)
            )
        return Project(id=cur.lastrowid, name=name)

    def get(self, project_id: int) -> Project | None:
        row = self.db.execute(
            "SELECT id, name FROM projects WHERE tenant = ? AND id = ?", (self.tenant, project_id)
        ).fetchone()
        return None if row is None else Project(id=row["id"], name=row["name"])


def get_repo(tenant: TenantDep, db: DbDep) -> ProjectRepo:
    return ProjectRepo(db, tenant.slug)


RepoDep = Annotated[ProjectRepo, Depends(get_repo)]
router = APIRouter()


@router.get("/tenant", response_model=TenantOut)
def read_tenant(tenant: TenantDep):
    return tenant.model_dump(include={"slug", "name", "plan"})


@router.get("/projects", response_model=list[Project])
def list_projects(repo: RepoDep, q: str | None = None):
    return repo.list(q)


@router.post("/projects", status_code=201, response_model=Project)
def create_project(payload: ProjectCreate, repo: RepoDep, response: Response):
    project = repo.add(payload.name)
    response.headers["Location"] = f"/projects/{project.id}"
    return project


@router.get("/projects/{project_id}", response_model=Project)
def get_project(project_id: int, repo: RepoDep):
    project = repo.get(project_id)
    if project is None:
        raise HTTPException(404, detail="Project not found")
    return project


app.include_router(router)
