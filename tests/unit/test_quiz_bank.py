"""The knowledge-check bank: strict schema, unique ids, real seed sources, verified answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ChallengeFormatError
from app.quizzes import predict
from app.quizzes.loader import load_bank
from app.quizzes.verify import run_snippets

ROOT = Path(__file__).resolve().parents[2]
GOOD = '''
[[questions]]
id = "sample-question"
stem = "Which status code means Created?"
options = ["200", "201", "204"]
choose = 1
correct = [2]
explanation = "201 Created: a new resource exists."
difficulty = "junior"
topics = [16]
source = "003_69c6ad9c276d4e73.txt Q9"
'''


def bank_with(tmp_path: Path, *texts: str) -> Path:
    (tmp_path / "quizzes").mkdir()
    for number, text in enumerate(texts):
        (tmp_path / "quizzes" / f"bank{number}.toml").write_text(text)
    return tmp_path


def test_a_good_question_loads(tmp_path: Path) -> None:
    bank = load_bank(bank_with(tmp_path, GOOD))
    question = bank["sample-question"]
    assert question.bank == "bank0" and question.spec.correct == [2]
    assert len(question.version) == 16


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("choose = 1", "choose = 1\nhint = 'x'"), "hint"),
        (("correct = [2]", "correct = [2, 3]"), "declared choose = 1"),
        (("correct = [2]", "correct = [4]"), "1-based positions"),
        (('options = ["200", "201", "204"]', 'options = ["200", "201"]'), "at least 3"),
        (('options = ["200", "201", "204"]', 'options = ["200", "201", "200"]'), "the same"),
        (("topics = [16]", "topics = [99]"), "1-73"),
        (('source = "003_69c6ad9c276d4e73.txt Q9"', 'source = "a blog post"'), "seed file"),
        (('id = "sample-question"', 'id = "Sample Question"'), "pattern"),
    ],
)
def test_bad_questions_are_rejected_with_the_reason(tmp_path: Path, change: tuple[str, str],
                                                    problem: str) -> None:
    with pytest.raises(ChallengeFormatError, match=problem):
        load_bank(bank_with(tmp_path, GOOD.replace(*change)))


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    with pytest.raises(ChallengeFormatError, match=r"also in quizzes/bank0\.toml"):
        load_bank(bank_with(tmp_path, GOOD, GOOD))


def test_a_source_must_name_an_existing_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"  # the check runs wherever the seeds are; here, a stand-in
    seeds.mkdir()
    (seeds / "003_69c6ad9c276d4e73.txt").write_text("Q9 ...")
    load_bank(bank_with(tmp_path, GOOD), seeds_dir=seeds)
    text = GOOD.replace("003_69c6ad9c276d4e73.txt", "009_0000000000000000.txt")
    (tmp_path / "quizzes" / "bank0.toml").write_text(text)
    with pytest.raises(ChallengeFormatError, match="names no seed file"):
        load_bank(tmp_path, seeds_dir=seeds)


def test_a_failing_snippet_is_reported_and_others_still_run() -> None:
    results = run_snippets({"good": "assert 1 + 1 == 2", "bad": "assert 201 == 200, 'drifted'",
                            "boom": "import not_a_module"})
    assert {r.question_id: r.ok for r in results} == {"good": True, "bad": False, "boom": False}
    assert "drifted" in next(r.output for r in results if r.question_id == "bad")


def test_the_bank_loads_and_every_verified_answer_holds_on_the_pinned_libraries() -> None:
    bank = load_bank(ROOT)
    snippets = predict.snippets([q.spec for q in bank.values()])
    failures = [f"{r.question_id}:\n{r.output}" for r in run_snippets(snippets) if not r.ok]
    assert not failures, "\n\n".join(failures)


def test_a_bank_larger_than_one_command_line_argument_still_runs() -> None:
    """Linux limits one argument to 128 KiB; the snippets go to the child on stdin."""
    padding = "# " + "x" * 600 + "\n"
    snippets = {f"q{n}": padding + f"assert {n} == {n}" for n in range(300)}
    results = run_snippets(snippets)
    assert len(results) == 300 and all(r.ok for r in results)
