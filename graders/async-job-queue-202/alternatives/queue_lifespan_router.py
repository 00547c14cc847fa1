"""Reports API: 202 + Location, an asyncio.Queue worker started by the lifespan, APIRouter."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import uuid4

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

log = logging.getLogger("reports")


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


async def worker(queue: "asyncio.Queue[tuple[Job, ReportRequest, ReportRunner]]") -> None:
    while True:
        job, request, runner = await queue.get()
        try:
            job.status = JobStatus.RUNNING
            try:
                result = await runner.run(request)
            except ReportError as exc:
                job.error, job.status = str(exc), JobStatus.FAILED
            except Exception:
                log.exception("report job %s crashed", job.id)
                job.error, job.status = "Internal error", JobStatus.FAILED
            else:
                job.result, job.status = result, JobStatus.DONE
        finally:
            queue.task_done()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.queue = asyncio.Queue()
    task = asyncio.create_task(worker(app.state.queue))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


app = FastAPI(title="Reports", lifespan=lifespan)
router = APIRouter()


@router.post("/reports", status_code=status.HTTP_202_ACCEPTED)
async def create_report(body: ReportRequest, runner: RunnerDep, request: Request, response: Response) -> Job:
    job = Job(id=uuid4().hex, status=JobStatus.QUEUED)
    jobs[job.id] = job
    accepted = job.model_copy()
    await request.app.state.queue.put((job, body, runner))
    response.headers["Location"] = f"/jobs/{job.id}"
    return accepted


@router.get("/jobs/{job_id}")
async def get_job(job_id: str) -> Job:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Job not found")
    return job


app.include_router(router)
