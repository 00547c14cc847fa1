"""Builds the sandbox the app, the workers and the CLI share."""

from __future__ import annotations

from app.config import REPO_ROOT, Settings
from app.grading.admission import HostAdmission
from app.grading.image import ensure_runner_image, image_id
from app.grading.sandbox import DockerSandbox


def make_sandbox(settings: Settings) -> DockerSandbox:
    """The configured runner image, or the one matching the current inputs (built if missing)."""
    tag = settings.runner_image or ensure_runner_image(REPO_ROOT)
    return DockerSandbox(tag, image_digest=image_id(tag),
                         admission=HostAdmission(settings.sandbox_slots or None))
