# WRONG: code for an HTTPException is derived from the detail instead of the reason phrase, e.g. 'not_authenticated' for the 401 ('the status's reason phrase in snake case: not_found, method_not_allowed, unauthorized')
"""Tasks API. The routes work, but errors come out in four different shapes (or as bare 500s).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the domain errors, `Notifier` and `get_notifier`: the grader replaces `get_notifier`.
"""

import itertools
import logging
import re
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

logger = logging.getLogger("tasks")

app = FastAPI(title="Tasks")

ADMIN_TOKEN = "admin-token-0d5e"


# --- domain ---------------------------------------------------------------------------------


class DomainError(Exception):
    """A rule of the task domain was broken. Subclasses say which status and code it maps to."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "domain_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class TaskNotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "task_not_found"


class DuplicateTitle(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "duplicate_title"


class TaskAlreadyDone(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "task_already_done"


class TaskCreate(BaseModel):
    title: str = Field(min_length=1, max_length=100)


class Task(BaseModel):
    id: int
    title: str
    done: bool = False


class TaskStore:
    """In-memory storage for this process."""

    def __init__(self) -> None:
        self.tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)

    def add(self, title: str) -> Task:
        for task in self.tasks.values():
            if task.title == title:
                raise DuplicateTitle(f"A task titled {title!r} exists", {"existing_id": task.id})
        task = Task(id=next(self._ids), title=title)
        self.tasks[task.id] = task
        return task

    def get(self, task_id: int) -> Task:
        task = self.tasks.get(task_id)
        if task is None:
            raise TaskNotFound(f"Task {task_id} does not exist")
        return task

    def complete(self, task_id: int) -> Task:
        task = self.get(task_id)
        if task.done:
            raise TaskAlreadyDone(f"Task {task_id} is already done")
        task.done = True
        return task

    def delete(self, task_id: int) -> None:
        self.get(task_id)
        del self.tasks[task_id]


class Notifier:
    """Sends reminders (by e-mail, in production). May fail in unexpected ways."""

    async def send(self, task: Task) -> None:
        logger.info("reminder for task %s: %s", task.id, task.title)


_store = TaskStore()
_notifier = Notifier()


def get_store() -> TaskStore:
    return _store


def get_notifier() -> Notifier:
    return _notifier


StoreDep = Annotated[TaskStore, Depends(get_store)]
NotifierDep = Annotated[Notifier, Depends(get_notifier)]
bearer = HTTPBearer()


def require_admin(
    credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)],
) -> None:
    if credentials.credentials != ADMIN_TOKEN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail={"required_role": "admin"})


# --- routes ---------------------------------------------------------------------------------


@app.post("/tasks", status_code=status.HTTP_201_CREATED)
async def create_task(payload: TaskCreate, store: StoreDep) -> Task:
    return store.add(payload.title)


@app.get("/tasks/{task_id}")
async def get_task(task_id: int, store: StoreDep) -> Task:
    return store.get(task_id)


@app.post("/tasks/{task_id}/complete")
async def complete_task(task_id: int, store: StoreDep) -> Task:
    return store.complete(task_id)


@app.post("/tasks/{task_id}/remind", status_code=status.HTTP_202_ACCEPTED)
async def remind(task_id: int, store: StoreDep, notifier: NotifierDep) -> dict[str, bool]:
    await notifier.send(store.get(task_id))
    return {"queued": True}


@app.delete(
    "/tasks/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_admin)],
)
async def delete_task(task_id: int, store: StoreDep) -> None:
    store.delete(task_id)


# --- one error envelope ---------------------------------------------------------------------


def envelope(status_code: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"status": status_code, "code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status_code, headers=headers)


def reason_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def snake(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")


@app.exception_handler(DomainError)
async def domain_error_handler(request: Request, exc: DomainError) -> JSONResponse:
    return envelope(exc.status_code, exc.code, exc.message, exc.details)


@app.exception_handler(StarletteHTTPException)
async def http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    phrase = reason_phrase(exc.status_code)
    if isinstance(exc.detail, str):
        message, details = exc.detail, None
    else:
        message, details = phrase, exc.detail
    return envelope(exc.status_code, snake(message), message, details, headers=exc.headers)


@app.exception_handler(RequestValidationError)
async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": list(e["loc"]), "type": e["type"], "msg": e["msg"]} for e in exc.errors()]
    return envelope(422, "validation_error", f"{len(errors)} invalid field(s)", errors)


@app.exception_handler(Exception)
async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return envelope(500, "internal_error", "Internal server error")
