"""Sentiment API: the model is loaded by the lifespan, in the background (reference solution).

The lifespan starts the load as a task and yields at once, so the process answers liveness probes
while the weights load; readiness and /predict answer 503 until the model is in `app.state`.
`POST /admin/reload` runs the same load again. The loader comes from `get_loader()`, looked up
when a load starts, so tests can replace it.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)

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


@dataclass
class ModelState:
    status: Literal["loading", "ready", "failed"] = "loading"
    model: SentimentModel | None = None
    task: asyncio.Task[None] | None = None


async def _load(state: ModelState, loader: ModelLoader) -> None:
    try:
        model = await loader.load()
    except Exception:
        logger.exception("loading the model failed")
        state.status = "failed"
    else:
        state.model, state.status = model, "ready"


def start_loading(state: ModelState) -> None:
    """Forget the current model and load one in the background."""
    state.model, state.status = None, "loading"
    state.task = asyncio.create_task(_load(state, get_loader()))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.models = ModelState()
    start_loading(app.state.models)
    yield
    task = app.state.models.task
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    app.state.models.model = None


app = FastAPI(title="Sentiment", lifespan=lifespan)


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class Prediction(BaseModel):
    label: Literal["positive", "neutral", "negative"]
    score: float
    model_version: str


def get_state(request: Request) -> ModelState:
    return request.app.state.models


StateDep = Annotated[ModelState, Depends(get_state)]


def get_model(state: StateDep) -> SentimentModel:
    if state.model is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="Model is not ready",
            headers={"Retry-After": "5"},
        )
    return state.model


ModelDep = Annotated[SentimentModel, Depends(get_model)]


@app.get("/health/live")
def live() -> dict[str, str]:
    return {"status": "alive"}


@app.get("/health/ready", responses={503: {"description": "Model loading or failed"}})
def ready(state: StateDep) -> JSONResponse:
    if state.model is None:
        return JSONResponse({"status": state.status}, status.HTTP_503_SERVICE_UNAVAILABLE)
    return JSONResponse({"status": "ready", "model_version": state.model.version})


@app.post("/predict", responses={503: {"description": "Model not ready"}})
def predict(payload: PredictRequest, model: ModelDep) -> Prediction:
    score = model.predict(payload.text)
    if score >= POSITIVE_FROM:
        label = "positive"
    elif score <= NEGATIVE_FROM:
        label = "negative"
    else:
        label = "neutral"
    return Prediction(label=label, score=score, model_version=model.version)


@app.post(
    "/admin/reload",
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"description": "A load is already in progress"}},
)
async def reload(state: StateDep) -> dict[str, str]:
    if state.status == "loading":
        raise HTTPException(status.HTTP_409_CONFLICT, detail="The model is already loading")
    start_loading(state)  # async def: create_task needs the running loop
    return {"status": "loading"}
