"""A grading receipt: enough to reproduce a verdict with `crucible grade`.

It names the runner image (content digest), the challenge version (content hash of statement,
starter, examples, hidden tests, reference and overrides), a SHA-256 of every submitted file,
the limits the run had and how long it took.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.grading.contract import GradeResult, Limits
from app.models import ChallengeVersion, Submission


@dataclass(frozen=True)
class Receipt:
    image: str
    slug: str
    version: str
    files: dict[str, str]  # name -> sha256
    limits: Limits
    duration_ms: int
    startup_ms: int
    tests_ms: int

    @property
    def command(self) -> str:
        names = " ".join(sorted(self.files))
        return (f"CRUCIBLE_RUNNER_IMAGE={self.image or '<image>'} crucible grade "
                f"challenges/{self.slug} {names}   # with the library at version {self.version}")


def receipt_for(submission: Submission, version: ChallengeVersion,
                result: GradeResult) -> Receipt:
    return Receipt(
        image=result.image, slug=version.slug, version=version.version,
        files={name: hashlib.sha256(text.encode()).hexdigest()
               for name, text in sorted(submission.files.items())},
        limits=Limits.model_validate(version.content["limits"]),
        duration_ms=result.duration_ms, startup_ms=result.startup_ms, tests_ms=result.tests_ms)
