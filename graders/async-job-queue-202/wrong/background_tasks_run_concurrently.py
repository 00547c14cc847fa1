# WRONG: runs each job with BackgroundTasks after the response; two jobs accepted close together are
# built at the same time ('The report engine can build only one report at a time. Jobs run one after
# another, in the order they were accepted; a job waiting for its turn is queued').
import asyncio
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import uuid4

from fastapi import BackgroundTasks, Depends, FastAPI, HTTPException, Response, status
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
    """The report cannot be built. Safe to show users."""


class ReportRunner:
    async def run(self, request: ReportRequest) -> dict[str, Any]:
        await asyncio.sleep(1)
        return {"title": request.title, "rows": 1200, "url": f"/files/{uuid4().hex}.csv"}


_runner = ReportRunner()


def get_runner() -> ReportRunner:
    return _runner


RunnerDep = Annotated[ReportRunner, Depends(get_runner)]

jobs: dict[str, Job] = {}


async def build(job: Job, request: ReportRequest, runner: ReportRunner) -> None:
    job.status = JobStatus.RUNNING
    try:
        job.result = await runner.run(request)
        job.status = JobStatus.DONE
    except ReportError as exc:
        job.status, job.error = JobStatus.FAILED, str(exc)
    except Exception:
        job.status, job.error = JobStatus.FAILED, "Internal error"


@app.post("/reports", status_code=status.HTTP_202_ACCEPTED)
async def create_report(request: ReportRequest, runner: RunnerDep, tasks: BackgroundTasks, response: Response) -> Job:
    job = Job(id=uuid4().hex, status=JobStatus.QUEUED)
    jobs[job.id] = job
    tasks.add_task(build, job, request, runner)
    response.headers["Location"] = f"/jobs/{job.id}"
    return job


@app.get("/jobs/{job_id}")
async def get_job(job_id: str) -> Job:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Job not found")
    return job
