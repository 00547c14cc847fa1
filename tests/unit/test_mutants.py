"""Reference mutants for `crucible library mutate` (no sandbox needed)."""

from __future__ import annotations

import ast
from pathlib import Path

from app.library.loader import load_challenge
from app.library.mutants import mutants_of, select
from app.library.mutation import MutationReport, recorded_summary

SOURCE = '''
from fastapi import FastAPI, HTTPException, Query, status
from pydantic import BaseModel, Field

app = FastAPI()

class Item(BaseModel):
    name: str = Field(min_length=1)
    price: int

@app.post("/items", status_code=status.HTTP_201_CREATED)
def create(item: Item, limit: int = Query(10, le=100)) -> dict[str, object]:
    if item.price < 0:
        raise HTTPException(404, "no")
    return {"name": item.name, "price": item.price}
'''


def test_every_kind_of_mutant_is_found_once_per_site() -> None:
    found = {m.description for m in mutants_of("solution.py", SOURCE)}
    assert found == {
        "status 201 -> 200 (OK)", "status 404 -> 400 (Bad Request)",
        "comparison < -> <=", "field Item.name dropped", "field Item.price dropped",
        "returned key 'name' dropped", "returned key 'price' dropped",
        "Field(min_length=...) removed", "Query(le=...) removed",
        "guarded raise replaced by pass",
    }


def test_each_mutant_is_valid_python_differing_from_the_reference() -> None:
    original = ast.unparse(ast.parse(SOURCE))
    for mutant in mutants_of("solution.py", SOURCE):
        assert mutant.source != original
        ast.parse(mutant.source)
    status = next(m for m in mutants_of("solution.py", SOURCE) if "201" in m.description)
    assert "status_code=200" in status.source and "HTTP_201" not in status.source


def test_selection_is_bounded_deterministic_and_samples_every_kind() -> None:
    mutants = mutants_of("solution.py", SOURCE)
    chosen = select(mutants, 4)
    assert [m.kind for m in chosen] == ["status", "compare", "field", "validation"]
    assert select(mutants, 4) == chosen
    assert len(select(mutants, 100)) == len(mutants)


def test_a_file_that_does_not_parse_has_no_mutants() -> None:
    assert mutants_of("solution.py", "def broken(:\n") == []


def test_recorded_figures_are_marked_stale_for_another_version() -> None:
    challenge = load_challenge(Path(__file__).resolve().parents[2], "health-and-typed-path-params")
    report = MutationReport(challenge.slug, challenge.version, total=10, caught=9)
    entry = {"version": challenge.version, "score": report.score, "caught": 9, "total": 10}
    assert recorded_summary({challenge.slug: entry}, challenge) == "90% (9/10)"
    entry["version"] = "0" * 16
    assert recorded_summary({challenge.slug: entry}, challenge) == "90% (9/10), stale"
    assert recorded_summary({}, challenge) == "not measured"


def test_code_the_grader_replaces_is_not_mutated() -> None:
    source = SOURCE + '''

# crucible: replaced-by-grader
class DefaultStore:
    def get(self, key: int) -> int:
        if key < 0:
            raise HTTPException(404)
        return key
'''
    found = mutants_of("solution.py", source)
    assert all(m.line < source.splitlines().index("# crucible: replaced-by-grader") + 1
               for m in found)
    assert len(found) == len(mutants_of("solution.py", SOURCE))
