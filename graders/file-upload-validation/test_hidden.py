"""Hidden tests: validated document uploads (black box, over HTTP, multipart/form-data).

Every test uses file names with a fresh random part, so tests never see each other's documents.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from crucible_checks import json_body

MIB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"
PDF = b"%PDF-1.7\n"


def name(ext: str = "png") -> str:
    return f"doc-{uuid.uuid4().hex[:12]}.{ext}"


def png(size: int = 200) -> bytes:
    body = PNG + uuid.uuid4().bytes * (size // 16 + 1)
    return body[:size]


def upload(
    client: httpx.Client, filename: str, content: bytes, content_type: str = "image/png"
) -> httpx.Response:
    return client.post("/documents", files={"file": (filename, content, content_type)})


def batch(client: httpx.Client, parts: list[tuple[str, bytes, str]]) -> httpx.Response:
    return client.post("/documents/batch", files=[("files", part) for part in parts])


def stored_names(client: httpx.Client) -> set[str]:
    r = client.get("/documents")
    assert r.status_code == 200, f"GET /documents: expected 200, got {r.status_code}"
    return {d.get("filename") for d in json_body(r)}


def assert_error(r: httpx.Response, expected: int) -> None:
    assert r.status_code == expected, f"expected {expected}, got {r.status_code}: {r.text[:300]}"
    assert isinstance(json_body(r).get("detail"), str), (
        f"expected {{'detail': '<message>'}}, got {r.text[:300]}"
    )


def assert_document(doc: Any, filename: str, content: bytes, content_type: str) -> None:
    expected = {
        "filename": filename,
        "content_type": content_type,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert isinstance(doc, dict), f"expected a document object, got {doc!r}"
    got = {key: doc.get(key) for key in expected}
    assert got == expected, f"expected {expected}, got {got}"
    assert isinstance(doc.get("id"), str) and doc["id"], f"no document id in {doc}"


# --- single uploads --------------------------------------------------------------------------


@pytest.mark.weight(3)
def test_upload_png(client: httpx.Client) -> None:
    """A small PNG upload answers 201 with its name, type, size and SHA-256"""
    filename, content = name(), png(300)
    r = upload(client, filename, content)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:300]}"
    assert_document(json_body(r), filename, content, "image/png")


@pytest.mark.weight(2)
def test_stored_content_round_trips(client: httpx.Client) -> None:
    """A stored document and its exact bytes can be fetched back"""
    filename, content = name(), png(5000)
    r = upload(client, filename, content)
    assert r.status_code == 201, f"upload: expected 201, got {r.status_code}: {r.text[:300]}"
    doc = json_body(r)
    meta = client.get(f"/documents/{doc['id']}")
    assert meta.status_code == 200, f"GET /documents/{{id}}: expected 200, got {meta.status_code}"
    assert json_body(meta) == doc, (
        f"GET /documents/{{id}} returned {meta.text[:300]}, expected {doc}"
    )
    raw = client.get(f"/documents/{doc['id']}/content")
    assert raw.status_code == 200, f"GET .../content: expected 200, got {raw.status_code}"
    assert raw.content == content, (
        f"stored bytes differ from the upload: expected {len(content)} bytes "
        f"(sha256 {hashlib.sha256(content).hexdigest()[:12]}...), got {len(raw.content)} bytes "
        f"(sha256 {hashlib.sha256(raw.content).hexdigest()[:12]}...)"
    )
    ctype = raw.headers.get("content-type", "")
    assert ctype.startswith("image/png"), f"expected Content-Type image/png, got {ctype!r}"
    assert filename in stored_names(client), "the document is missing from GET /documents"


@pytest.mark.weight(1)
def test_jpeg_and_pdf_accepted(client: httpx.Client) -> None:
    """JPEG and PDF files are accepted too"""
    for ext, content_type, content in (
        ("jpg", "image/jpeg", JPEG + b"jfif-data" * 20),
        ("pdf", "application/pdf", PDF + b"1 0 obj\n" * 20),
    ):
        filename = name(ext)
        r = upload(client, filename, content, content_type)
        assert r.status_code == 201, (
            f"{content_type}: expected 201, got {r.status_code}: {r.text[:300]}"
        )
        assert_document(json_body(r), filename, content, content_type)


@pytest.mark.weight(2)
def test_exactly_the_limit_is_accepted(client: httpx.Client) -> None:
    """A file of exactly the size limit is accepted"""
    filename, content = name(), png(MIB)
    r = upload(client, filename, content)
    assert r.status_code == 201, (
        f"a file of exactly {MIB} bytes: expected 201, got {r.status_code}: {r.text[:200]}"
    )
    assert json_body(r).get("size") == MIB, f"expected size {MIB}, got {json_body(r).get('size')!r}"


@pytest.mark.weight(3)
def test_too_large_413(client: httpx.Client) -> None:
    """A file over the size limit is rejected with 413 and not stored"""
    for size in (MIB + 1, 3 * MIB):
        filename = name()
        r = upload(client, filename, png(size))
        assert_error(r, 413)
        assert filename not in stored_names(client), f"the {size}-byte file was stored anyway"


@pytest.mark.weight(3)
def test_unsupported_type_415(client: httpx.Client) -> None:
    """A content type outside the allowed list is rejected with 415 and not stored"""
    for content_type, content in (
        ("text/plain", b"just some text"),
        ("image/gif", b"GIF89a" + b"\x00" * 50),
        ("application/octet-stream", PNG + b"\x00" * 50),
    ):
        filename = name("bin")
        r = upload(client, filename, content, content_type)
        assert r.status_code == 415, (
            f"{content_type}: expected 415, got {r.status_code}: {r.text[:200]}"
        )
        assert isinstance(json_body(r).get("detail"), str), (
            f"expected {{'detail': ...}}, got {r.text}"
        )
        assert filename not in stored_names(client), f"the {content_type} file was stored"


@pytest.mark.weight(2)
def test_disguised_content_415(client: httpx.Client) -> None:
    """A file whose bytes do not match its declared type is rejected with 415"""
    for content_type, content in (
        ("image/png", b"MZ\x90\x00 not really a png" * 5),
        ("application/pdf", PNG + b"\x00" * 40),
        ("image/jpeg", b"<html><script>alert(1)</script></html>"),
    ):
        filename = name()
        r = upload(client, filename, content, content_type)
        assert r.status_code == 415, (
            f"declared {content_type} with other bytes: expected 415, got {r.status_code}: "
            f"{r.text[:200]}"
        )
        assert filename not in stored_names(client), "the disguised file was stored"


@pytest.mark.weight(1)
def test_empty_file_400(client: httpx.Client) -> None:
    """An empty file is rejected with 400"""
    filename = name()
    assert_error(upload(client, filename, b""), 400)
    assert filename not in stored_names(client), "the empty file was stored"


@pytest.mark.weight(1)
def test_missing_file_422(client: httpx.Client) -> None:
    """A request without the file field is FastAPI's 422 located at the field"""
    r = client.post("/documents", files={"other": ("x.png", png(), "image/png")})
    assert r.status_code == 422, f"expected 422, got {r.status_code}: {r.text[:200]}"
    detail = json_body(r).get("detail")
    assert isinstance(detail, list), f"expected FastAPI's validation error list, got {r.text[:200]}"
    locs = [err.get("loc") for err in detail]
    assert ["body", "file"] in locs, f"expected an error at ['body', 'file'], got {locs}"


@pytest.mark.weight(2)
def test_filename_is_reduced_to_its_base_name(client: httpx.Client) -> None:
    """Directory parts of the client's file name are removed"""
    for prefix in ("../../etc/", "..\\..\\windows\\", "/tmp/"):
        base = name()
        r = upload(client, prefix + base, png())
        assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:200]}"
        got = json_body(r).get("filename")
        assert got == base, f"file name {prefix + base!r}: expected {base!r}, got {got!r}"


@pytest.mark.weight(1)
def test_unknown_document_404(client: httpx.Client) -> None:
    """An unknown document id answers 404"""
    for path in ("/documents/no-such-id", "/documents/no-such-id/content"):
        r = client.get(path)
        assert_error(r, 404)


# --- batches ---------------------------------------------------------------------------------


@pytest.mark.weight(2)
def test_batch_upload(client: httpx.Client) -> None:
    """A batch of valid files answers 201 with one document per file, in order"""
    parts = [
        (name(), png(100), "image/png"),
        (name("pdf"), PDF + b"x" * 30, "application/pdf"),
        (name("jpg"), JPEG + b"y" * 30, "image/jpeg"),
    ]
    r = batch(client, parts)
    assert r.status_code == 201, f"expected 201, got {r.status_code}: {r.text[:300]}"
    docs = json_body(r)
    assert isinstance(docs, list) and len(docs) == 3, f"expected a list of 3, got {r.text[:300]}"
    for doc, (filename, content, content_type) in zip(docs, parts, strict=True):
        assert_document(doc, filename, content, content_type)
        raw = client.get(f"/documents/{doc['id']}/content")
        assert raw.status_code == 200 and raw.content == content, (
            f"{filename}: stored bytes differ from the upload (status {raw.status_code})"
        )


@pytest.mark.weight(3)
def test_batch_is_all_or_nothing(client: httpx.Client) -> None:
    """One bad file rejects the whole batch and stores none of it"""
    cases = (
        ("an unsupported type", (name("txt"), b"plain text", "text/plain"), 415),
        ("a file over the limit", (name(), png(MIB + 1), "image/png"), 413),
    )
    for what, bad, expected in cases:
        good = (name(), png(), "image/png")
        r = batch(client, [good, bad])
        assert r.status_code == expected, (
            f"batch with {what}: expected {expected}, got {r.status_code}: {r.text[:200]}"
        )
        names = stored_names(client)
        assert good[0] not in names, f"batch with {what}: the valid file before it was stored"
        assert bad[0] not in names, f"batch with {what}: the bad file was stored"


@pytest.mark.weight(1)
def test_batch_file_count_limit(client: httpx.Client) -> None:
    """A batch takes at most five files: six are rejected with 400"""
    five = [(name(), png(), "image/png") for _ in range(5)]
    r = batch(client, five)
    assert r.status_code == 201, f"5 files: expected 201, got {r.status_code}: {r.text[:200]}"
    six = [(name(), png(), "image/png") for _ in range(6)]
    r = batch(client, six)
    assert_error(r, 400)
    names = stored_names(client)
    assert not any(filename in names for filename, _, _ in six), (
        "files of the 6-file batch were stored"
    )
