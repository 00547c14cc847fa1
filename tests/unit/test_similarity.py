"""Winnowed fingerprints: copies survive renaming and reformatting, independent solutions and
shared starter code do not count."""

from __future__ import annotations

from app.similarity.compare import Document, similar_pairs
from app.similarity.fingerprints import fingerprint, kgram_hashes, tokens, winnow

STARTER = '''
from fastapi import FastAPI, HTTPException

app = FastAPI()
ITEMS = {1: {"name": "Widget", "price": 499}, 2: {"name": "Gadget", "price": 1299}}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
'''

ORIGINAL = STARTER + '''

@app.get("/items/{item_id}")
def get_item(item_id: int) -> dict[str, object]:
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    total = 0
    for key, value in sorted(ITEMS.items()):
        if value["price"] > item["price"]:
            total += 1
    return {"id": item_id, **item, "more_expensive": total}
'''

# The same code with every local name changed, comments added and the layout altered.
DISGUISED = STARTER + '''

# my own solution, honestly
@app.get("/items/{item_id}")
def fetch(identifier: int) -> dict[str, object]:
    found = ITEMS.get(identifier)   # look it up
    if found is None:
        raise HTTPException(status_code=404,
                            detail="Not there")
    n = 0
    for k, v in sorted(ITEMS.items()):
        if v["price"] > found["price"]:
            n += 1
    return {"id": identifier, **found, "more_expensive": n}
'''

# An independent solution of the same task, written differently.
INDEPENDENT = STARTER + '''

class ItemOut(dict):
    pass


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    try:
        record = ITEMS[item_id]
    except KeyError:
        raise HTTPException(404, "Item not found") from None
    cheaper_or_equal = [p for p in (v["price"] for v in ITEMS.values()) if p <= record["price"]]
    return {"id": item_id, "name": record["name"], "price": record["price"],
            "more_expensive": len(ITEMS) - len(cheaper_or_equal)}
'''


def doc(key: int, code: str) -> Document:
    return Document(key, f"candidate {key}", {"solution.py": code})


def test_identifiers_literals_and_comments_do_not_change_the_tokens() -> None:
    a = [t.text for t in tokens("total = price + 1  # sum\n")]
    b = [t.text for t in tokens("n = cost + 42\n")]
    assert a == b == ["ID", "=", "ID", "+", "NUM"]
    assert [t.text for t in tokens("app.get('/x')")] == ["ID", ".", "get", "(", "STR", ")"]


def test_winnowing_keeps_one_fingerprint_per_window_and_is_deterministic() -> None:
    grams = kgram_hashes(tokens(ORIGINAL))
    chosen = winnow(grams)
    assert 0 < len(chosen) < len(grams)
    assert fingerprint(ORIGINAL) == fingerprint(ORIGINAL)


def test_a_disguised_copy_is_found_with_its_matched_region() -> None:
    [match] = similar_pairs([doc(1, ORIGINAL), doc(2, DISGUISED)], {"solution.py": STARTER})
    assert match.similarity >= 0.9
    start = next(n for n, line in enumerate(ORIGINAL.splitlines(), 2) if "def get_item" in line)
    assert any(r.first_line <= start + 3 <= r.last_line for r in match.left_regions)


def test_an_independent_solution_is_not_reported() -> None:
    found = similar_pairs([doc(1, ORIGINAL), doc(3, INDEPENDENT)], {"solution.py": STARTER})
    assert found == []


def test_the_starter_is_subtracted() -> None:
    """Two candidates who submit the starter with a one-line change share only the starter."""
    a = STARTER + '\n@app.get("/a")\ndef a() -> int:\n    return 1\n'
    b = STARTER + '\n@app.delete("/b/{x}")\nasync def b(x: str) -> None:\n    ITEMS.pop(x)\n'
    assert similar_pairs([doc(1, a), doc(2, b)], {"solution.py": STARTER}) == []
    # without subtracting the starter the same pair would look alike
    assert similar_pairs([doc(1, a), doc(2, b)], {}, threshold=0.5) != []


def test_code_that_does_not_parse_is_still_compared() -> None:
    broken = ORIGINAL + "\ndef unfinished(:\n"
    [match] = similar_pairs([doc(1, broken), doc(2, DISGUISED)], {"solution.py": STARTER})
    assert match.similarity >= 0.8
