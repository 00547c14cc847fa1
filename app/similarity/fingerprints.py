"""Fingerprints of Python source (the winnowing algorithm of Schleimer, Wilkerson and Aiken,
"Winnowing: local algorithms for document fingerprinting", SIGMOD 2003, as used by MOSS).

1. Tokenize, dropping comments and layout; identifiers become ID, strings STR, numbers NUM, so
   renaming variables or changing literals does not hide a copy. Keywords, builtins and
   attribute names a framework dictates (`status_code`, `Depends`) stay as they are: they carry
   structure.
2. Hash every k-gram of tokens.
3. Keep the minimum hash of every window of w consecutive k-grams (the rightmost on ties): any
   shared run of at least w + k - 1 tokens is guaranteed to share a fingerprint.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import re
import tokenize
from dataclasses import dataclass

K = 12  # tokens per k-gram
WINDOW = 8  # k-grams per winnowing window
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
         tokenize.ENCODING, tokenize.ENDMARKER}
_KEEP_NAMES = set(keyword.kwlist) | set(dir(builtins))
_FALLBACK = re.compile(r"[A-Za-z_]\w*|\d+(?:\.\d+)?|\"[^\"\n]*\"|'[^'\n]*'|\S")


@dataclass(frozen=True)
class Token:
    text: str
    line: int


def _normalize(kind: int, text: str, previous: str) -> str:
    if kind == tokenize.NAME:
        # an attribute name after a dot is an API (`app.get`, `status.HTTP_201_CREATED`)
        return text if text in _KEEP_NAMES or previous == "." else "ID"
    if kind == tokenize.STRING or kind in _fstring_kinds():
        return "STR"
    if kind == tokenize.NUMBER:
        return "NUM"
    return text


def _fstring_kinds() -> set[int]:
    return {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
            if hasattr(tokenize, n)}


def tokens(source: str) -> list[Token]:
    """Normalized tokens. Where the source stops tokenizing (unfinished code), the tokens so far
    are kept and the rest of the lines go through a plain lexer."""
    found: list[Token] = []
    previous = ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _SKIP:
                continue
            found.append(Token(_normalize(tok.type, tok.string, previous), tok.start[0]))
            previous = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        done = found[-1].line if found else 0
        for number, line in enumerate(source.splitlines(), start=1):
            if number <= done:
                continue
            for match in _FALLBACK.finditer(line.split("#", 1)[0]):
                word = match.group()
                text = word if word in _KEEP_NAMES or not word[0].isalpha() else "ID"
                found.append(Token(text, number))
    return found


def _hash(parts: list[str]) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True)
class Fingerprint:
    hash: int
    first_line: int  # the lines the k-gram spans in the source
    last_line: int


def kgram_hashes(stream: list[Token], k: int = K) -> list[Fingerprint]:
    return [Fingerprint(_hash([t.text for t in stream[i:i + k]]), stream[i].line,
                        stream[i + k - 1].line) for i in range(len(stream) - k + 1)]


def winnow(grams: list[Fingerprint], window: int = WINDOW) -> list[Fingerprint]:
    if len(grams) <= window:
        return list(grams)
    chosen: list[Fingerprint] = []
    last = -1
    for start in range(len(grams) - window + 1):
        span = grams[start:start + window]
        low = min(g.hash for g in span)
        position = start + max(i for i, g in enumerate(span) if g.hash == low)
        if position != last:
            chosen.append(grams[position])
            last = position
    return chosen


def fingerprint(source: str) -> list[Fingerprint]:
    return winnow(kgram_hashes(tokens(source)))


def starter_hashes(source: str) -> set[int]:
    """Every k-gram of the starter (not only the winnowed ones): code the candidate was given
    is never evidence of copying."""
    return {g.hash for g in kgram_hashes(tokens(source))}
