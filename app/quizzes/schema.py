"""The strict schema of a quiz question (quizzes/<topic>.toml, a `[[questions]]` array).

    [[questions]]
    id = "cors-credentials-wildcard"      # stable: attempts and statistics refer to it
    stem = "Markdown, code blocks allowed"
    options = ["...", "...", "..."]       # 3 to 5, all different
    choose = 1                            # how many options are correct (1 = single choice)
    correct = [2]                         # 1-based positions in `options`, exactly `choose`
    explanation = "Markdown for interviewers: why the answer is right, why the others are not"
    difficulty = "mid"                    # junior | mid | senior
    topics = [35]                         # seed-notes topic map, 1..73
    source = "002_8d01cf3112bb3718.txt Q29"
    verify = '''python proving the answer on the pinned libraries (optional)'''

A `predict` question (`kind = "predict"`) shows a snippet and asks what an expression gives;
its options are outcomes, and the right one is computed (app/quizzes/predict.py):

    kind = "predict"
    code = '''from fastapi import FastAPI ...'''   # shown to the candidate; defines `app`
    probe = 'client.get("/items/3")'            # `client` is a TestClient of `app`
    options = ['`200 {"id": 3}`', '`422`', ...]   # canonical outcomes (see predict.outcome)
    misconceptions = ["", "thinks path parameters stay strings", ...]  # "" for the answer
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.library.schema import SOURCE_PATTERN

Difficulty = Literal["junior", "mid", "senior"]


def canonical(option: str) -> str:
    """A predict option's outcome: its text, without one pair of enclosing backticks."""
    text = option.strip()
    if len(text) >= 2 and text.startswith("`") and text.endswith("`") and "`" not in text[1:-1]:
        text = text[1:-1].strip()
    return text


class QuestionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,79}$")
    stem: str = Field(min_length=10)
    options: list[str] = Field(min_length=3, max_length=5)
    choose: int = Field(1, ge=1)
    correct: list[int] = Field(min_length=1)
    explanation: str = Field(min_length=10)
    difficulty: Difficulty
    topics: list[int] = Field(min_length=1)
    source: str
    verify: str | None = None
    kind: Literal["choice", "predict"] = "choice"
    code: str | None = None
    probe: str | None = None
    misconceptions: list[str] | None = None

    @field_validator("options")
    @classmethod
    def options_differ(cls, options: list[str]) -> list[str]:
        cleaned = [o.strip() for o in options]
        if any(not o for o in cleaned):
            raise ValueError("an option is empty")
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("two options are the same")
        return options

    @field_validator("topics")
    @classmethod
    def topics_in_map(cls, topics: list[int]) -> list[int]:
        if any(not 1 <= t <= 73 for t in topics):
            raise ValueError(f"topic numbers come from the seed-notes map (1-73): {topics}")
        return topics

    @field_validator("source")
    @classmethod
    def source_names_a_seed(cls, source: str) -> str:
        if not SOURCE_PATTERN.match(source):
            raise ValueError("source starts with a seed file name (NNN_<16 hex>.txt)")
        return source

    @model_validator(mode="after")
    def answer_matches_the_declaration(self) -> QuestionSpec:
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("an option is listed twice in `correct`")
        if any(not 1 <= c <= len(self.options) for c in self.correct):
            raise ValueError("`correct` holds 1-based positions in `options` "
                             f"(1-{len(self.options)})")
        if len(self.correct) != self.choose:
            raise ValueError(f"declared choose = {self.choose} but {len(self.correct)} "
                             "options are marked correct")
        if self.choose >= len(self.options):
            raise ValueError("at least one option must be wrong")
        if self.kind == "predict":
            self._check_predict()
        elif self.code or self.probe or self.misconceptions:
            raise ValueError("code, probe and misconceptions belong to kind = \"predict\"")
        return self

    def _check_predict(self) -> None:
        if not self.code or not self.probe:
            raise ValueError("a predict question has `code` and a `probe` expression")
        if self.choose != 1:
            raise ValueError("a predict question has exactly one right outcome (choose = 1)")
        if len({canonical(o) for o in self.options}) != len(self.options):
            raise ValueError("two options describe the same outcome")
        named = self.misconceptions or []
        if len(named) != len(self.options):
            raise ValueError("`misconceptions` names one per option (\"\" for the answer)")
        for position, name in enumerate(named, start=1):
            if (position in self.correct) != (not name.strip()):
                raise ValueError(f"option {position}: a wrong outcome names the misconception "
                                 "behind it; the right one names none")

    @property
    def display_stem(self) -> str:
        """What the candidate reads: a predict question shows its snippet and its probe."""
        if self.kind != "predict":
            return self.stem
        return (f"{self.stem}\n\n```python\n{(self.code or '').strip()}\n```\n\n"
                f"```python\n>>> {self.probe}\n```")

    @property
    def multiple(self) -> bool:
        return self.choose > 1


class QuizFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    questions: list[QuestionSpec] = Field(min_length=1)
