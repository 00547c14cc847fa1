"""Reports API. POST /reports builds the report while the client waits, often until it times out.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the names `ReportRequest`, `JobStatus`, `Job`, `ReportError`, `ReportRunner` and
`get_runner`: the grader replaces `get_runner` with a fake runner.
"""

import asyncio
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import uuid4

from fastapi import Depends, FastAPI, HTTPException, status
from pydantic import BaseModel, Field

app = FastAPI(title="Reports")


class ReportRequest(BaseModel):
    kind: Literal["sales", "inventory"]
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    title: str = Field(min_length=1, max_length=100)


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(BaseModel):
    id: str
    status: JobStatus
    result: dict[str, Any] | None = None
    error: str | None = None


class ReportError(Exception):
    """The report cannot be built (for example, no data for that month). Safe to show users."""


class ReportRunner:
    """The report engine. Slow, and heavy enough that only one report may be built at a time."""

    async def run(self, request: ReportRequest) -> dict[str, Any]:
        """Build the report and return its summary. May raise ReportError."""
        await asyncio.sleep(1)
        return {"title": request.title, "rows": 1200, "url": f"/files/{uuid4().hex}.csv"}


_runner = ReportRunner()


def get_runner() -> ReportRunner:
    return _runner


RunnerDep = Annotated[ReportRunner, Depends(get_runner)]

jobs: dict[str, Job] = {}


@app.post("/reports")
async def create_report(request: ReportRequest, runner: RunnerDep) -> Job:
    # TODO: accept with 202 and a Location, and build the report in the background.
    job = Job(id=uuid4().hex, status=JobStatus.RUNNING)
    jobs[job.id] = job
    try:
        job.result = await runner.run(request)
        job.status = JobStatus.DONE
    except ReportError as exc:
        job.status, job.error = JobStatus.FAILED, str(exc)
    return job


@app.get("/jobs/{job_id}")
async def get_job(job_id: str) -> Job:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Job not found")
    return job
