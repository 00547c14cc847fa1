"""Jinja2 environment and one render() for pages and their htmx fragments.

A page and its fragment share one template block: with `block=`, only that block is rendered,
so the markup exists once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from app.config import REPO_ROOT


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _datetime(value: datetime | None) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _time(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%H:%M:%S")


def _duration(value: int | float | timedelta) -> str:
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _minutes(count: int) -> str:
    hours, minutes = divmod(int(count), 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _is_past(value: datetime) -> bool:
    return value <= datetime.now(UTC)


def _number(value: float) -> str:
    return f"{value:g}"


def _filesize(count: float) -> str:
    if count < 1024:
        return f"{int(count)} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / (1024 * 1024):.1f} MB"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


@pass_context
def _url_for(context: Context, name: str, /, **params: Any) -> str:
    """A path (not an absolute URL): right behind any proxy, whatever the Host header says."""
    return str(context["request"].app.url_path_for(name, **params))


env = Environment(
    auto_reload=False,  # templates are read once: no stat() of every template per request
    loader=FileSystemLoader(REPO_ROOT / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["percent"] = _percent
env.filters["plural"] = _plural
env.filters["datetime"] = _datetime
env.filters["number"] = _number
env.filters["time"] = _time
env.filters["duration"] = _duration
env.filters["minutes"] = _minutes
env.filters["is_past"] = _is_past
env.filters["filesize"] = _filesize
env.globals["url_for"] = _url_for


def render(request: Request, name: str, context: dict[str, Any], *, block: str | None = None,
           status_code: int = 200) -> HTMLResponse:
    template = env.get_template(name)
    ctx = {"request": request, **context}
    if block is None:
        html = template.render(ctx)
    else:
        html = "".join(template.blocks[block](template.new_context(ctx)))
    return HTMLResponse(html, status_code=status_code)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
