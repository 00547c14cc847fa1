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

# TODO: resolve the tenant of each request (X-Tenant header or subdomain of BASE_DOMAIN) and
# scope every route to it. Everything below is still single-tenant.
TENANT = "default"


@app.get("/projects")
async def list_projects(db: DbDep, q: str | None = None) -> list[Project]:
    sql = f"SELECT id, name FROM projects WHERE tenant = '{TENANT}'"
    if q is not None:
        sql += f" AND name LIKE '%{q}%'"
    rows = db.execute(sql + " ORDER BY id").fetchall()
    return [Project(id=row["id"], name=row["name"]) for row in rows]


@app.post("/projects", status_code=status.HTTP_201_CREATED)
async def create_project(payload: ProjectCreate, db: DbDep, response: Response) -> Project:
    with db:
        cursor = db.execute(
            "INSERT INTO projects (tenant, name) VALUES (?, ?)", (TENANT, payload.name)
        )
    project = Project(id=cursor.lastrowid, name=payload.name)
    response.headers["Location"] = f"/projects/{project.id}"
    return project


@app.get("/projects/{project_id}")
async def get_project(project_id: int, db: DbDep) -> Project:
    row = db.execute("SELECT id, name FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Project not found")
    return Project(id=row["id"], name=row["name"])
