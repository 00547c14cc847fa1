"""Tamper attempts against the challenges that measure (graders/<slug>/wrong/tamper_*): each is a
known-wrong solution whose app also tries to answer for the grader (patches its end of the
grader's link, calls the service's read-back methods, shadows old control routes,
monkeypatches the fakes). None may pass; each is followed by the reference, which must."""

from __future__ import annotations

import json

import pytest

from app.config import REPO_ROOT
from app.grading.contract import Verdict
from app.library.loader import challenge_slugs, load_challenge

pytestmark = [pytest.mark.sandbox]


def _tampers() -> list[tuple[str, str]]:
    found = []
    for slug in challenge_slugs(REPO_ROOT):
        folder = REPO_ROOT / "graders" / slug / "wrong"
        found += [(slug, p.stem) for p in sorted(folder.glob("tamper_*"))]
    return found


def test_every_challenge_with_a_grader_service_has_tamper_attempts() -> None:
    with_service = [s for s in challenge_slugs(REPO_ROOT)
                    if (REPO_ROOT / "graders" / s / "service.py").is_file()]
    tampered = {slug for slug, _ in _tampers()}
    assert with_service, "no challenge has a grader service"
    assert [s for s in with_service if s not in tampered] == []


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize(("slug", "tamper"), _tampers())
async def test_tampering_never_passes(grading, slug: str, tamper: str) -> None:  # type: ignore[no-untyped-def]
    challenge = load_challenge(REPO_ROOT, slug)
    attack = await grading.sandbox.run(challenge.request(challenge.wrong[tamper]))
    # FAILED, not app_error: a tamper attempt whose app never started proved nothing.
    assert attack.verdict is Verdict.FAILED, attack.detail
    assert attack.score < 1.0, [(t.title, t.passed) for t in attack.tests]
    good = await grading.sandbox.run(challenge.request(challenge.reference))
    assert good.verdict is Verdict.PASSED, (good.detail, [(t.title, t.message) for t in good.tests])


PROBE = '''
import json as _json
import os as _os

import crucible_link as _link

_found = {"env": sorted(k for k in _os.environ if k.startswith("CRUCIBLE_"))}
for _name in ("reset", "seed", "db", "counted", "clear_statements"):
    try:
        _link.grader().call(_name)
        _found[_name] = "answered"
    except _link.RemoteError as _exc:
        _found[_name] = _exc.kind
for _path in ("/sandbox/grader", "/sandbox/ipc"):
    try:
        _found[_path] = sorted(_os.listdir(_path))
    except OSError as _exc:
        _found[_path] = _exc.strerror
print("FINDINGS " + _json.dumps(_found), flush=True)
'''


@pytest.mark.asyncio(loop_scope="session")
async def test_the_app_learns_only_the_service_socket(grading) -> None:  # type: ignore[no-untyped-def]
    """The candidate's process is told no control path or secret: one socket, through which
    only the exposed methods answer; the grader's folder stays closed."""
    challenge = load_challenge(REPO_ROOT, "n-plus-one-eager-loading")
    files = {name: PROBE + text for name, text in challenge.reference.items()}
    result = await grading.sandbox.run(challenge.request(files))
    assert result.verdict is Verdict.PASSED, result.detail
    line = next(x for x in result.candidate_log.splitlines() if x.startswith("FINDINGS "))
    found = json.loads(line.removeprefix("FINDINGS "))
    assert [k for k in found["env"] if "CONTROL" in k or "SECRET" in k] == []
    assert "CRUCIBLE_SERVICE_SOCKET" in found["env"]
    assert {found[m] for m in ("reset", "seed", "db", "counted", "clear_statements")} == {
        "ProtocolError"}
    assert found["/sandbox/grader"] == "Permission denied"
    assert found["/sandbox/ipc"] == ["service.sock"]
