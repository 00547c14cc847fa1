"""The test-wiseness lint and the computed answers of predict questions."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.quizzes import predict
from app.quizzes.lint import LIMIT_BANK, cues, lint
from app.quizzes.loader import Question
from app.quizzes.schema import QuestionSpec
from app.quizzes.verify import run_snippets

BASE = {"id": "q-one", "stem": "Which status does FastAPI send for a failed body validation?",
        "explanation": "Request validation errors are 422.", "difficulty": "junior",
        "topics": [8], "source": "003_69c6ad9c276d4e73.txt Q9"}


def spec(options: list[str], correct: list[int], **extra: object) -> QuestionSpec:
    return QuestionSpec.model_validate(BASE | {"options": options, "correct": correct,
                                               "choose": len(correct)} | extra)


def test_a_longest_answer_is_given_away_and_ties_share_the_chance() -> None:
    giveaway = spec(["400", "500", "422 Unprocessable Content, with a list of errors"], [3])
    assert cues(giveaway)["longest"] == 1.0
    assert cues(giveaway)["shortest"] == 0.0
    tied = spec(["aaa", "bbb", "ccc", "dddd"], [1])
    assert cues(tied)["shortest"] == pytest.approx(1 / 3)


def test_multiple_choice_counts_only_the_exact_set() -> None:
    two = spec(["short", "a much longer option", "another long option!", "tiny"], [2, 3])
    assert cues(two)["longest"] == 1.0
    assert cues(two)["shortest"] == 0.0


def test_stem_overlap_and_qualifier_cues() -> None:
    echo = spec(["A failed body validation gets status 422", "It is 400", "It is 500"], [1])
    assert cues(echo)["stem overlap"] == 1.0
    hedged = spec(["It usually depends on the handler", "Always 422", "Always 400"], [1])
    assert cues(hedged)["qualifier"] == 1.0


def test_the_lint_fails_a_bank_that_the_longest_option_answers() -> None:
    questions = [Question(spec(["no", "nope", f"the long and right answer {n}"], [3]), "bank")
                 for n in range(30)]
    report = lint(questions)
    assert report.bank.score("longest") == 1.0 > LIMIT_BANK
    problems = report.problems()
    assert any("'longest' scores 100.0% over the bank" in p for p in problems)
    assert any("quizzes/bank.toml" in p for p in problems)
    assert any("position 3" in p for p in problems)  # every answer is the third option
    assert "whole bank" in report.table()


CODE = '''
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def read(item_id: int) -> dict:
    return {"id": item_id}
'''


def predict_spec(options: list[str], correct: int, probe: str = 'client.get("/items/3")',
                 **extra: object) -> QuestionSpec:
    named = ["" if n == correct else "a misconception" for n in range(1, len(options) + 1)]
    return spec(options, [correct], kind="predict", code=CODE, probe=probe,
                misconceptions=named, **extra)


def test_a_predict_answer_is_computed_against_the_installed_libraries() -> None:
    right = predict_spec(['`200 {"id": 3}`', '`200 {"id": "3"}`', "`422`"], 1)
    wrong_key = predict_spec(['`200 {"id": 3}`', '`200 {"id": "3"}`', "`422`"], 2)
    raising = predict_spec(["raises ValueError", "raises TypeError", "1"], 1,
                           probe='int("x")')
    results = {r.question_id: r for r in run_snippets(predict.snippets([right]) | {
        "wrong": predict.verify_program(wrong_key), "raise": predict.verify_program(raising)})}
    assert results["q-one (computed)"].ok, results["q-one (computed)"].output
    assert results["raise"].ok, results["raise"].output
    assert not results["wrong"].ok
    assert "the snippet now gives '200 {\"id\": 3}'" in results["wrong"].output
    assert "q-one" in results["wrong"].output and "(another option)" in results["wrong"].output


def test_predict_questions_name_their_misconceptions_and_show_the_snippet() -> None:
    with pytest.raises(ValidationError, match="misconception"):
        spec(["`1`", "`2`", "`3`"], [1], kind="predict", code=CODE, probe="1",
             misconceptions=["", "", "x"])
    with pytest.raises(ValidationError, match="same outcome"):
        predict_spec(["`422`", "422", "`200`"], 3)
    with pytest.raises(ValidationError, match="belong to kind"):
        spec(["a", "b", "c"], [1], probe="1")
    shown = predict_spec(['`200 {"id": 3}`', "`404`", "`422`"], 1).display_stem
    assert "```python\nfrom fastapi import FastAPI" in shown
    assert '>>> client.get("/items/3")' in shown
