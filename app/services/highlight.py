"""Python source as highlighted HTML for staff pages (Pygments, escaped by its formatter)."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, TextLexer

_FORMATTER = HtmlFormatter(nowrap=False, linenos="table", cssclass="code-view")


@lru_cache(maxsize=512)
def highlight_code(name: str, text: str) -> Markup:
    lexer = PythonLexer() if name.endswith(".py") else TextLexer()
    return Markup(highlight(text, lexer, _FORMATTER))  # Pygments escapes the source


def highlight_css() -> str:
    return _FORMATTER.get_style_defs(".code-view")
