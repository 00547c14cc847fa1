"""Sentiment API: the model is loaded lazily, by the first request that needs it.

Run it with `uvicorn solution:app --reload` and open http://127.0.0.1:8000/docs.
Keep `SentimentModel`, `ModelLoader`, `get_loader`, `PredictRequest` and `Prediction`: the grader
replaces `get_loader` with a fake loader.
"""

import asyncio
from typing import Literal

from fastapi import FastAPI
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


app = FastAPI(title="Sentiment")  # TODO: a lifespan that loads the model (see the statement)


class PredictRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)


class Prediction(BaseModel):
    label: Literal["positive", "neutral", "negative"]
    score: float
    model_version: str


_model: SentimentModel | None = None


@app.get("/health/live")
def live() -> dict[str, str]:
    return {"status": "alive"}


@app.post("/predict")
async def predict(payload: PredictRequest) -> Prediction:
    global _model
    if _model is None:  # TODO: the first caller waits seconds for this; load at start-up instead
        _model = await get_loader().load()
    score = _model.predict(payload.text)
    if score >= POSITIVE_FROM:
        label = "positive"
    elif score <= NEGATIVE_FROM:
        label = "negative"
    else:
        label = "neutral"
    return Prediction(label=label, score=score, model_version=_model.version)


# TODO: GET /health/ready and POST /admin/reload
