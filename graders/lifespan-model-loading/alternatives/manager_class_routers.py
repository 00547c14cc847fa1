"""Sentiment API: the model is loaded lazily, by the first request that needs it.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `SentimentModel`, `ModelLoader`, `get_loader`, `PredictRequest` and `Prediction`: the grader
replaces `get_loader` with a fake loader.
"""

import asyncio
from typing import Literal

from fastapi import FastAPI
from contextlib import asynccontextmanager
from pydantic import BaseModel, Field

POSITIVE_FROM = 0.25
NEGATIVE_FROM = -0.25


class SentimentModel:
    """A tiny lexicon model. Loading it is slow (think: gigabytes of weights)."""

    def __init__(self, version: str, lexicon: dict[str, float]) -> None:
        self.version = version
        self._lexicon = lexicon

    def predict(self, text: str) -> float:
        """A score from -1 (very negative) to 1 (very positive)."""
        score = sum(self._lexicon.get(word, 0.0) for word in text.lower().split())
        return max(-1.0, min(1.0, score))


class ModelLoader:
    async def load(self) -> SentimentModel:
        await asyncio.sleep(2)  # reading the weights
        lexicon = {"good": 0.5, "great": 0.75, "love": 0.75, "bad": -0.5, "awful": -0.75}
        return SentimentModel(version="lexicon-2024.1", lexicon=lexicon)


def get_loader() -> ModelLoader:
    """The grader replaces this function with one returning a fake loader."""
    return ModelLoader()


# Style: a ModelManager class (one instance in app.state.manager), APIRouters, explicit
# JSONResponse for every non-200 answer, Enum status, done-callback to record the outcome.
import enum

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


class Status(str, enum.Enum):
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


class ModelManager:
    def __init__(self) -> None:
        self.model: SentimentModel | None = None
        self.status = Status.LOADING
        self.task: asyncio.Task | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self) -> None:
        self.model = None
        self.status = Status.LOADING
        loader = get_loader()
        self.task = asyncio.create_task(loader.load())
        self.task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        if task is not self.task:
            return
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            self.status = Status.FAILED
            self.model = None
        else:
            self.model = task.result()
            self.status = Status.READY

    async def stop(self) -> None:
        if self.busy:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    manager = ModelManager()
    app.state.manager = manager
    manager.start()
    try:
        yield
    finally:
        await manager.stop()


app = FastAPI(title="Sentiment", lifespan=lifespan)


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class Prediction(BaseModel):
    label: Literal["positive", "neutral", "negative"]
    score: float
    model_version: str


def label_for(score: float) -> str:
    return "positive" if score >= POSITIVE_FROM else "negative" if score <= NEGATIVE_FROM else "neutral"


health = APIRouter(prefix="/health")
api = APIRouter()


@health.get("/live")
async def live():
    return {"status": "alive"}


@health.get("/ready")
async def ready(request: Request):
    manager: ModelManager = request.app.state.manager
    if manager.model is not None:
        return {"status": "ready", "model_version": manager.model.version}
    return JSONResponse(status_code=503, content={"status": manager.status.value})


@api.post("/predict", response_model=Prediction)
async def predict(payload: PredictRequest, request: Request):
    model = request.app.state.manager.model
    if model is None:
        return JSONResponse(
            status_code=503, content={"detail": "No model loaded"}, headers={"Retry-After": "10"}
        )
    score = model.predict(payload.text)
    return Prediction(label=label_for(score), score=score, model_version=model.version)


@api.post("/admin/reload")
async def reload(request: Request):
    manager: ModelManager = request.app.state.manager
    if manager.busy:
        return JSONResponse(status_code=409, content={"detail": "Already loading"})
    manager.start()
    return JSONResponse(status_code=202, content={"status": "loading"})


app.include_router(health)
app.include_router(api)
