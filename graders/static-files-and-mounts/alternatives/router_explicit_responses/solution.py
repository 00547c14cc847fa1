"""Status page: Starlette Mount routes given to FastAPI(routes=...), an APIRouter whose handlers
build their responses explicitly, and a string.Template page."""

from pathlib import Path
from string import Template

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"

admin_app = FastAPI(title="Admin", version="1.0.0")


@admin_app.get("/stats")
def stats() -> dict[str, list[str]]:
    """Every static file, by path relative to the static folder."""
    files = sorted(
        p.relative_to(STATIC_DIR).as_posix() for p in STATIC_DIR.rglob("*") if p.is_file()
    )
    return {"static_files": files}


PAGE = Template(
    "<!DOCTYPE html>\n<html><head><title>Status</title>"
    '<link rel="stylesheet" href="$css"></head>'
    "<body><h1>All systems operational</h1><p>Every service is monitored.</p></body></html>\n"
)

pages = APIRouter()


@pages.get("/", response_class=HTMLResponse)
async def status_page(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.substitute(css=str(request.url_for("static", path="style.css"))))


@pages.get("/healthz", response_class=PlainTextResponse)
async def healthz() -> PlainTextResponse:
    return PlainTextResponse("ok")


@pages.get("/home", response_class=RedirectResponse, status_code=308)
async def home() -> RedirectResponse:
    return RedirectResponse(url="/", status_code=308)


@pages.get(
    "/download/report",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The status report"}},
)
async def download_report() -> Response:
    return Response(
        content=(STATIC_DIR / "report.csv").read_bytes(),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="status-report.csv"'},
    )


app = FastAPI(
    title="Status page",
    routes=[
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        Mount("/admin", app=admin_app),
    ],
)
app.include_router(pages)
