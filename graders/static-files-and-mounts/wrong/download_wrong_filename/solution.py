# WRONG: FileResponse with filename="report.csv" -- violates "Content-Disposition: attachment; filename=\"status-report.csv\""
"""Status page: StaticFiles mount, response classes on the decorators, mounted admin app."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"

app = FastAPI(title="Status page")
admin_app = FastAPI(title="Admin", version="1.0.0")


@admin_app.get("/stats")
def stats() -> dict[str, list[str]]:
    """Every static file, by path relative to the static folder."""
    files = sorted(
        p.relative_to(STATIC_DIR).as_posix() for p in STATIC_DIR.rglob("*") if p.is_file()
    )
    return {"static_files": files}


@app.get("/", response_class=HTMLResponse)
def index(request: Request) -> str:
    stylesheet = request.url_for("static", path="style.css")
    return f"""<!doctype html>
<html>
  <head>
    <meta charset="utf-8">
    <title>Status</title>
    <link rel="stylesheet" href="{stylesheet}">
  </head>
  <body>
    <h1>All systems operational</h1>
  </body>
</html>"""


@app.get("/healthz", response_class=PlainTextResponse)
def healthz() -> str:
    return "ok"


@app.get("/home", response_class=RedirectResponse, status_code=308)
def home() -> str:
    return "/"


@app.get("/download/report", response_class=FileResponse)
def download_report() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "report.csv", media_type="text/csv", filename="report.csv"
    )


app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
app.mount("/admin", admin_app)
