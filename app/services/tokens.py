"""Secret tokens (invite links, API tokens) are stored only as this hash."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    """SHA-256 is enough here: the tokens are long random strings, not passwords."""
    return hashlib.sha256(token.encode()).hexdigest()
