"""Reports API hardened with middleware (reference solution).

Middleware order: the LAST one added is the OUTERMOST. Requests pass through
SecurityHeaders -> TrustedHost -> GZip -> the app; responses come back the other way. So every
response, including TrustedHost's 400 and the 500 of an unhandled error, leaves through
SecurityHeadersMiddleware and gets the headers.
"""

import logging
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

ALLOWED_HOSTS = ["api.example.com", "*.example.com", "localhost", "127.0.0.1"]
GZIP_MINIMUM_SIZE = 1000

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every HTTP response (a route's own value wins), and turns an
    unhandled exception into a plain 500 that reveals nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if started:  # too late to change the response: let the server close it
                raise
            error = JSONResponse({"detail": "Internal Server Error"}, status_code=500)
            await error(scope, receive, send_with_headers)


app = FastAPI(title="Reports")
app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS)
app.add_middleware(SecurityHeadersMiddleware)  # added last: outermost


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
