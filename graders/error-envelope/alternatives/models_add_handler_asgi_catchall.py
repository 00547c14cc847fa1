"""Tasks API. The routes work, but errors come out in four different shapes (or as bare 500s).

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep the domain errors, `Notifier` and `get_notifier`: the grader replaces `get_notifier`.
"""

import itertools
import logging
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
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


# --- one error envelope: pydantic models, add_exception_handler, a pure ASGI catch-all --------


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: Any = None


class ErrorEnvelope(BaseModel):
    error: ErrorInfo

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(jsonable_encoder(self), status_code=self.error.status, headers=headers)


def from_domain(request: Request, exc: DomainError) -> JSONResponse:
    return ErrorEnvelope(
        error=ErrorInfo(status=exc.status_code, code=exc.code, message=exc.message, details=exc.details)
    ).response()


def from_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    phrase = HTTPStatus(exc.status_code).phrase
    detail_is_text = isinstance(exc.detail, str)
    info = ErrorInfo(
        status=exc.status_code,
        code="_".join(phrase.lower().replace("-", " ").replace("'", "").split()),
        message=exc.detail if detail_is_text else phrase,
        details=None if detail_is_text else exc.detail,
    )
    return ErrorEnvelope(error=info).response(headers=exc.headers)


def from_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = [{key: error[key] for key in ("loc", "type", "msg")} for error in exc.errors()]
    info = ErrorInfo(status=422, code="validation_error", message="The request is invalid", details=details)
    return ErrorEnvelope(error=info).response()


class CatchAll:
    """Turns any exception no handler took into the generic 500 envelope, and logs it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            generic = ErrorEnvelope(error=ErrorInfo(status=500, code="internal_error", message="Internal server error"))
            await generic.response()(scope, receive, send)


def install_error_envelope(application: FastAPI) -> None:
    application.add_exception_handler(DomainError, from_domain)
    application.add_exception_handler(StarletteHTTPException, from_http)
    application.add_exception_handler(RequestValidationError, from_validation)
    application.add_middleware(CatchAll)


install_error_envelope(app)
