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


import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

log = logging.getLogger("sentiment")


async def _load(app: FastAPI) -> None:
    try:
        model = await get_loader().load()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("model load failed")
        app.state.model = None
        app.state.status = "failed"
    else:
        app.state.model = model
        app.state.status = "ready"


def start_load(app: FastAPI) -> None:
    app.state.model = None
    app.state.status = "loading"
    app.state.load_task = asyncio.create_task(_load(app))


@asynccontextmanager
async def lifespan(app: FastAPI):
    start_load(app)
    yield
    task = app.state.load_task
    if task is not None and not task.done():
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


app = FastAPI(title="Sentiment", lifespan=lifespan)


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class Prediction(BaseModel):
    label: Literal["positive", "neutral", "negative"]
    score: float
    model_version: str


def get_model(request: Request) -> SentimentModel:
    model = getattr(request.app.state, "model", None)
    if model is None:
        raise HTTPException(503, detail="Model not loaded yet", headers={"Retry-After": "5"})
    return model


@app.get("/health/live")
def live() -> dict[str, str]:
    return {"status": "alive"}


@app.get("/health/ready")
def ready(request: Request):
    state = request.app.state
    if getattr(state, "status", "loading") == "ready" and state.model is not None:
        return {"status": "ready", "model_version": state.model.version}
    return JSONResponse({"status": getattr(state, "status", "loading")}, status_code=503)


@app.post("/predict")
async def predict(payload: PredictRequest, model: Annotated[SentimentModel, Depends(get_model)]) -> Prediction:
    score = model.predict(payload.text)
    if score >= POSITIVE_FROM:
        label = "positive"
    elif score <= NEGATIVE_FROM:
        label = "negative"
    else:
        label = "neutral"
    return Prediction(label=label, score=score, model_version=model.version)


@app.post("/admin/reload", status_code=202)
async def reload(request: Request):
    task = getattr(request.app.state, "load_task", None)
    if task is not None and not task.done():
        raise HTTPException(409, detail="A load is already running")
    start_load(request.app)
    return {"status": "loading"}
