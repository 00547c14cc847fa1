# WRONG: overwrites headers the route set (X-Frame-Options SAMEORIGIN -> DENY) -- violates "If a route already set one of these headers itself, keep the route value"
"""Reports API hardened with a BaseHTTPMiddleware subclass, the middleware stack given as the
`middleware=[...]` list of FastAPI (first in the list = outermost)."""

import logging
from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

ALLOWED_HOSTS = ["api.example.com", "*.example.com", "localhost", "127.0.0.1"]
GZIP_MINIMUM_SIZE = 1000

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

log = logging.getLogger(__name__)


class SecureHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            response = await call_next(request)
        except Exception:
            log.exception("unhandled error while serving %s", request.url.path)
            response = JSONResponse({"detail": "Internal Server Error"}, status_code=500)
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        return response


app = FastAPI(
    title="Reports",
    middleware=[
        Middleware(SecureHeaders),  # outermost: decorates every response, even 400 and 500
        Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS),  # reject bad hosts early
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE),
    ],
)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/report")
def report() -> dict[str, list[dict[str, object]]]:
    return {"rows": [{"id": i, "name": f"row-{i:04d}", "value": i * 7 % 101} for i in range(200)]}


@app.get("/text", response_class=PlainTextResponse)
def text(size: Annotated[int, Query(ge=1, le=100_000)]) -> str:
    return "a" * size


@app.get("/embed", response_class=HTMLResponse)
def embed() -> HTMLResponse:
    """A widget our own pages frame, so it allows same-origin framing itself."""
    return HTMLResponse("<p>Widget</p>", headers={"X-Frame-Options": "SAMEORIGIN"})


@app.get("/boom")
def boom() -> None:
    """Simulates a bug whose message must never reach the client."""
    raise RuntimeError("database password is hunter2")
