"""Candidate page and status fragment under load on loopback (wrk, bounded in time)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from app.config import REPO_ROOT, Settings
from app.models import utcnow
from app.runtime import open_runtime
from app.services import assessments, attempts, invites

SLUG = "health-and-typed-path-params"
LUA = Path(__file__).with_name("p95.lua")
PACED_LUA = Path(__file__).with_name("candidates.lua")


async def _seed(settings: Settings, candidates: int = 1) -> list[tuple[str, int]]:
    """Started attempts, one per candidate, each with one queued submission (no workers run:
    it stays queued). Returns each candidate's token and submission id."""
    runtime = await open_runtime(settings)
    seeded = []
    try:
        async with runtime.sessions() as session:
            assessment = await assessments.create_assessment(
                session=session, title="Load", challenges=[runtime.library[SLUG]],
                time_limit_min=120)
            for number in range(candidates):
                _, token = await invites.create_invite(
                    session=session, assessment_id=assessment.id,
                    candidate_name=f"Load {number}",
                    candidate_email=f"load{number}@example.com", now=utcnow())
                ctx = await attempts.load(session=session, token=token, now=utcnow())
                await attempts.start(session=session, ctx=ctx, now=utcnow())
                ctx = await attempts.load(session=session, token=token, now=utcnow())
                sub = await attempts.submit(session=session, ctx=ctx,
                                            version=ctx.view.versions[0],
                                            files={"solution.py": "app = None\n"},
                                            kind="submit", now=utcnow())
                seeded.append((token, sub.id))
        return seeded
    finally:
        await runtime.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrk(url: str, seconds: int, connections: int, headers: dict[str, str],
         script: Path = LUA) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) errors=(\d+)", out)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    rps, p50, p95, errors = match.groups()
    return {"rps": float(rps), "p50": float(p50), "p95": float(p95), "errors": int(errors)}


def run(seconds: int = 20, connections: int = 200, processes: int = 2) -> None:
    if shutil.which("wrk") is None:
        print("pages: wrk is not installed (apt-get install wrk); skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'p.db'}",
                            library_root=REPO_ROOT, workers=0)
        seeded = asyncio.run(_seed(settings, candidates=connections))
        token, submission_id = seeded[0]
        paths = Path(tmp) / "paths.txt"
        paths.write_text("".join(f"/a/{t}/c/{SLUG}\n" for t, _ in seeded))
        port = _free_port()
        env = os.environ | {"CRUCIBLE_DATABASE_URL": settings.database_url,
                            "CRUCIBLE_WORKERS": "0", "CRUCIBLE_PORT": str(port)}
        server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--processes",
                                   str(processes)], env=env,
                                  cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            status_url = f"{base}/a/{token}/submissions/{submission_id}"
            page_url = f"{base}/a/{token}/c/{SLUG}"
            runs = [  # name, url, headers, connections, script
                ("status fragment, back to back", status_url, {"HX-Request": "true"},
                 connections, LUA),
                ("candidate page, back to back", page_url, {}, connections, LUA),
                ("candidate page, back to back", page_url, {}, 10, LUA),
                (f"candidate page, {connections} paced candidates", base, {}, connections,
                 PACED_LUA),
            ]
            os.environ["CRUCIBLE_PATHS"] = str(paths)
            for name, url, headers, conns, script in runs:
                r = _wrk(url, seconds, conns, headers, script)
                print(f"{name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, "
                      f"p95 {r['p95']:.1f} ms, errors {r['errors']} "
                      f"({conns} connections, {seconds} s, {processes} server processes)")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
