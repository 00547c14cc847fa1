# WRONG: TrustedHost added last (outermost), so its 400 bypasses the security headers -- violates "Choose an order in which the 400 of the Host check ... also get the security headers"
"""Reports API hardened with middleware: a pure ASGI security-headers middleware that also turns
unhandled errors into a clean 500 (outermost), then TrustedHost, then GZip (innermost)."""

import json
import logging
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_HOSTS = ["api.example.com", "*.example.com", "localhost", "127.0.0.1"]
GZIP_MINIMUM_SIZE = 1000

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

logger = logging.getLogger("reports")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

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
                for name, value in self.headers.items():
                    if name not in headers:  # keep a value the route set itself
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("Unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            body = json.dumps({"detail": "Internal Server Error"}).encode()
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


app = FastAPI(title="Reports")

# add_middleware: the last added is the outermost.
app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE)
app.add_middleware(SecurityHeadersMiddleware, headers=SECURITY_HEADERS)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS)


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
