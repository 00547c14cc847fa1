"""Builds the runner image offline and names it by a hash of everything that goes into it.

Inputs: the Dockerfile, the in-container runtime (graders/runtime), the pinned runner
requirements exported from uv.lock, and the base image's id. An unchanged set of inputs finds
its image and returns in milliseconds; a changed harness gets a new tag and a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

IMAGE_REPO = "crucible-runner"


class ImageBuildError(RuntimeError):
    """The runner image could not be built; the message says which step failed."""


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise ImageBuildError(f"{' '.join(cmd[:3])}... failed:\n{proc.stderr[-3000:]}")
    return proc.stdout


def base_image() -> str:
    return os.environ.get("CRUCIBLE_BASE_IMAGE", "crucible-base:bookworm")


def export_requirements(root: Path) -> str:
    """The runner group of uv.lock, pinned, as a requirements file's text."""
    uv = shutil.which("uv")
    if uv is None:
        raise ImageBuildError("uv is not on PATH (scripts/setup.sh installs it)")
    return _run([uv, "export", "--frozen", "--only-group", "runner", "--no-emit-project",
                 "--no-hashes", "--no-header", "--no-annotate"], root)


def _base_id() -> str:
    proc = subprocess.run(["docker", "image", "inspect", "--format", "{{.Id}}", base_image()],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ImageBuildError(f"base image {base_image()} is missing (run scripts/base-image.sh)")
    return proc.stdout.strip()


def runtime_files(root: Path) -> list[Path]:
    return sorted((root / "graders" / "runtime").glob("*.py"))


def image_tag(root: Path, requirements: str) -> str:
    digest = hashlib.sha256()
    digest.update((root / "Dockerfile").read_bytes())
    for path in runtime_files(root):  # the Dockerfile copies every graders/runtime/*.py
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(requirements.encode())
    digest.update(_base_id().encode())
    return f"{IMAGE_REPO}:{digest.hexdigest()[:16]}"


def image_exists(tag: str) -> bool:
    proc = subprocess.run(["docker", "image", "inspect", tag], capture_output=True, check=False)
    return proc.returncode == 0


def image_id(tag: str) -> str:
    proc = subprocess.run(["docker", "image", "inspect", "--format", "{{.Id}}", tag],
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip()


def _download_wheels(root: Path, requirements: str) -> None:
    context = root / "build/runner"
    wheels = context / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    (context / "requirements.txt").write_text(requirements)
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
          "--disable-pip-version-check", "-r", str(context / "requirements.txt"),
          "-d", str(wheels)], root)


def ensure_runner_image(root: Path, *, force: bool = False) -> str:
    """Return the tag of the runner image for the current inputs, building it when missing."""
    requirements = export_requirements(root)
    tag = image_tag(root, requirements)
    if image_exists(tag) and not force:
        return tag
    _download_wheels(root, requirements)
    env = os.environ | {"DOCKER_BUILDKIT": "0"}  # the legacy builder needs no registry
    _run(["docker", "build", "--quiet", "--target", "runner", "--build-arg",
          f"BASE={base_image()}", "--label", "crucible.runner=1", "-t", tag, "."], root, env)
    return tag
