"""Reports API: a JobManager class (deque + asyncio.Event) started by the lifespan, plain-dict job
records, explicit JSONResponse answers."""

import asyncio
import logging
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal
from uuid import uuid4

from fastapi import Depends, FastAPI, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)


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


@dataclass
class JobManager:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: deque = field(default_factory=deque)
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None

    def submit(self, request: ReportRequest, runner: ReportRunner) -> dict[str, Any]:
        job_id = uuid4().hex
        record = {"id": job_id, "status": "queued", "result": None, "error": None}
        self.records[job_id] = record
        self.pending.append((job_id, request, runner))
        self.wakeup.set()
        return dict(record)

    async def _run_one(self, job_id: str, request: ReportRequest, runner: ReportRunner) -> None:
        record = self.records[job_id]
        record["status"] = "running"
        try:
            result = await runner.run(request)
        except ReportError as exc:
            record.update(status="failed", error=str(exc))
        except Exception:  # noqa: BLE001 - the worker must survive
            logger.exception("job %s failed", job_id)
            record.update(status="failed", error="Internal error")
        else:
            record.update(status="done", result=result)

    async def loop(self) -> None:
        while True:
            while self.pending:
                await self._run_one(*self.pending.popleft())
            self.wakeup.clear()
            await self.wakeup.wait()

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self.loop())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass


manager = JobManager()


@asynccontextmanager
async def lifespan(app: FastAPI):
    manager.start()
    yield
    await manager.stop()


app = FastAPI(title="Reports", lifespan=lifespan)


@app.post("/reports", status_code=202, response_model=Job)
async def create_report(request: ReportRequest, runner: ReportRunner = Depends(get_runner)):
    record = manager.submit(request, runner)
    return JSONResponse(record, status_code=status.HTTP_202_ACCEPTED, headers={"Location": f"/jobs/{record['id']}"})


@app.get("/jobs/{job_id}", response_model=Job, responses={404: {"description": "Unknown job"}})
async def get_job(job_id: str):
    record = manager.records.get(job_id)
    if record is None:
        return JSONResponse({"detail": "Job not found"}, status_code=404)
    return JSONResponse(record)
