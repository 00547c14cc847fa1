"""Example tests you can run against your app.

Start the app in one terminal:   uvicorn solution:app --port 8000
Run the examples in another:     pytest examples/
(Set CRUCIBLE_BASE_URL if your app listens somewhere else.) The hidden tests work the same
way: they only talk to your running app over HTTP, sending multipart/form-data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import httpx
import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    base_url = os.environ.get("CRUCIBLE_BASE_URL", "http://127.0.0.1:8000")
    with httpx.Client(base_url=base_url, timeout=5.0, trust_env=False) as c:
        yield c


def test_upload_a_png(client: httpx.Client) -> None:
    """A small PNG is stored"""
    filename = f"example-{uuid.uuid4().hex[:8]}.png"
    content = PNG_SIGNATURE + b"\x00" * 100
    r = client.post("/documents", files={"file": (filename, content, "image/png")})
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert r.json()["filename"] == filename
    assert r.json()["size"] == len(content)


def test_text_files_are_refused(client: httpx.Client) -> None:
    """Plain text is not an accepted type"""
    r = client.post("/documents", files={"file": ("notes.txt", b"hello", "text/plain")})
    assert r.status_code == 415, f"expected 415, got {r.status_code}: {r.text}"


def test_batch_of_two(client: httpx.Client) -> None:
    """Two files in one batch"""
    files = [
        ("files", (f"a-{uuid.uuid4().hex[:8]}.png", PNG_SIGNATURE + b"a", "image/png")),
        ("files", (f"b-{uuid.uuid4().hex[:8]}.pdf", b"%PDF-1.7 b", "application/pdf")),
    ]
    r = client.post("/documents/batch", files=files)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text}"
    assert len(r.json()) == 2
