"""Author Markdown to sanitized HTML, once, at load time (templates never mark text safe)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False}).enable("table")
_ALLOWED = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "li", "code", "pre", "em", "strong", "a",
            "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "br"}


def render_markdown(text: str) -> Markup:
    """Sanitized here, once; the result is marked safe so templates never need `|safe`."""
    html = nh3.clean(_md.render(text), tags=_ALLOWED,
                     attributes={"a": {"href"}, "code": {"class"}})
    return Markup(html)  # sanitized by nh3 just above
