"""Status page. Serve the static/ folder, a few non-JSON responses and a mounted admin app.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/.
Keep the files in static/ as they are: the grader's tests compare what you serve with them.
"""

from pathlib import Path

from fastapi import FastAPI

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


@app.get("/healthz")
def healthz() -> dict[str, str]:
    # TODO: answer the plain text `ok` (see the statement).
    return {"status": "ok"}


# TODO: GET / (the HTML page), GET /home (redirect), GET /download/report (the CSV file).
# TODO: serve static/ at /static, and mount admin_app at /admin.
