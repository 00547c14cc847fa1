"""Reports API: accept a report job with 202, build it in an in-process worker, poll its status."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import uuid4

from fastapi import Depends, FastAPI, HTTPException, Response, status
from pydantic import BaseModel, Field

logger = logging.getLogger("reports.worker")


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


# crucible: replaced-by-grader
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


class JobQueue:
    """Jobs of this process and the single worker that runs them in submission order."""

    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}
        self.pending: asyncio.Queue[tuple[Job, ReportRequest, ReportRunner]] = asyncio.Queue()

    def submit(self, request: ReportRequest, runner: ReportRunner) -> Job:
        job = Job(id=uuid4().hex, status=JobStatus.QUEUED)
        self.jobs[job.id] = job
        self.pending.put_nowait((job, request, runner))
        return job.model_copy()  # the 202 shows the job as it was accepted

    async def work(self) -> None:
        while True:
            job, request, runner = await self.pending.get()
            try:
                await self.run(job, request, runner)
            finally:
                self.pending.task_done()

    async def run(self, job: Job, request: ReportRequest, runner: ReportRunner) -> None:
        job.status = JobStatus.RUNNING
        try:
            job.result = await runner.run(request)
        except ReportError as exc:
            job.status, job.error = JobStatus.FAILED, str(exc)
        except Exception:
            logger.exception("job %s crashed", job.id)  # the worker itself keeps going
            job.status, job.error = JobStatus.FAILED, "Internal error"
        else:
            job.status = JobStatus.DONE


queue = JobQueue()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    worker = asyncio.create_task(queue.work())
    yield
    worker.cancel()


app = FastAPI(title="Reports", lifespan=lifespan)


@app.post("/reports", status_code=status.HTTP_202_ACCEPTED)
async def create_report(request: ReportRequest, response: Response, runner: RunnerDep) -> Job:
    """Accept the job and answer at once; the worker builds the report later."""
    job = queue.submit(request, runner)
    response.headers["Location"] = f"/jobs/{job.id}"
    return job


@app.get("/jobs/{job_id}")
async def get_job(job_id: str) -> Job:
    job = queue.jobs.get(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Job not found")
    return job
