"""Simple mutations of a reference solution, to measure how much its hidden tests catch.

Four kinds, each a mistake candidates really make:
- status: a status code changed (201 -> 200, 404 -> 400, 401 <-> 403, ...);
- compare: a comparison operator flipped (< <-> <=, == <-> !=, in <-> not in, is <-> is not);
- field: a field dropped from a model class or from a returned dict literal;
- validation: a constraint removed (ge=, max_length=, pattern=... on Field/Query/Path/...), or a
  guarded `raise` replaced by `pass`.
Each mutant differs from the reference in exactly one place. The source is regenerated with
`ast.unparse`, so comments and formatting are lost; behaviour is what counts.

Code the grader replaces (a default repository or clock that overrides.py swaps for a fake) is
unreachable by any hidden test; its author marks it with a `# crucible: replaced-by-grader`
comment on the line above its `class` or `def` (or above its decorators), and it is not mutated.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus

STATUS_SWAP = {200: 201, 201: 200, 202: 200, 204: 200, 301: 302, 302: 301, 303: 302, 307: 302,
               308: 307, 400: 422, 401: 403, 403: 401, 404: 400, 405: 400, 409: 400, 410: 404,
               413: 400, 415: 400, 422: 400, 429: 400, 500: 503, 502: 500, 503: 500}
COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
    ast.IsNot: ast.Is}
SYMBOLS: dict[type[ast.cmpop], str] = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
CONSTRAINTS = {"ge", "gt", "le", "lt", "min_length", "max_length", "pattern", "multiple_of",
               "max_digits", "decimal_places", "min_items", "max_items"}
PARAM_FUNCTIONS = {"Field", "Query", "Path", "Header", "Cookie", "Body", "Form", "File"}
KINDS = ("status", "compare", "field", "validation")
REPLACED_MARK = "# crucible: replaced-by-grader"


@dataclass(frozen=True)
class Mutant:
    kind: str
    file: str
    line: int
    description: str
    source: str

    @property
    def label(self) -> str:
        return f"{self.file}:{self.line} {self.description}"


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _status_attr(node: ast.AST) -> int | None:
    """The code of `status.HTTP_201_CREATED` (or a bare HTTP_... name), else None."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    if isinstance(name, str) and name.startswith("HTTP_"):
        number = name.split("_")[1]
        if number.isdigit() and int(number) in STATUS_SWAP:
            return int(number)
    return None


def _status_sites(tree: ast.Module) -> Iterator[tuple[ast.AST, int]]:
    """Nodes holding a status code: `status_code=`, HTTPException's first argument, HTTP_*."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name) and _status_attr(node) is not None:
            yield node, _status_attr(node) or 0
        elif isinstance(node, ast.Call):
            values = [k.value for k in node.keywords if k.arg == "status_code"]
            if _call_name(node).endswith("HTTPException") and node.args:
                values.append(node.args[0])
            for value in values:
                if isinstance(value, ast.Constant) and value.value in STATUS_SWAP:
                    yield value, int(value.value)


class _Replace(ast.NodeTransformer):
    """Replaces one node (found by identity in the copied tree) by another."""

    def __init__(self, target: ast.AST, replacement: ast.AST | None) -> None:
        self.target, self.replacement = target, replacement

    def visit(self, node: ast.AST) -> ast.AST | None:
        if node is self.target:
            return self.replacement
        return self.generic_visit(node)


def _mutated(tree: ast.Module, path: list[int], change) -> str:  # type: ignore[no-untyped-def]
    """Unparsed source of a copy of `tree` where `change(node)` edits the node at `path`
    (its index in ast.walk order)."""
    twin = copy.deepcopy(tree)
    node = list(ast.walk(twin))[path[0]]
    change(twin, node)
    return ast.unparse(ast.fix_missing_locations(twin))


def _index(tree: ast.Module) -> dict[int, int]:
    return {id(node): i for i, node in enumerate(ast.walk(tree))}


def _status_mutants(tree: ast.Module, index: dict[int, int]) -> Iterator[tuple[str, int, object]]:
    for node, code in _status_sites(tree):
        new = STATUS_SWAP[code]

        def change(twin: ast.Module, target: ast.AST, new: int = new) -> None:
            _Replace(target, ast.Constant(new)).visit(twin)

        yield f"status {code} -> {new} ({HTTPStatus(new).phrase})", index[id(node)], change


def _compare_mutants(tree: ast.Module, index: dict[int, int]) -> Iterator[tuple[str, int, object]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                swap = COMPARE_SWAP.get(type(op))
                if swap is None:
                    continue

                def change(twin: ast.Module, target: ast.Compare, position: int = position,
                           swap: type[ast.cmpop] = swap) -> None:
                    target.ops[position] = swap()

                yield (f"comparison {SYMBOLS[type(op)]} -> {SYMBOLS[swap]}", index[id(node)],
                       change)


def _is_model_class(node: ast.ClassDef) -> bool:
    return bool(node.bases) and sum(isinstance(s, ast.AnnAssign) for s in node.body) > 1


def _field_mutants(tree: ast.Module, index: dict[int, int]) -> Iterator[tuple[str, int, object]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and _is_model_class(node):
            for position, statement in enumerate(node.body):
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):

                    def change(twin: ast.Module, target: ast.ClassDef,
                               position: int = position) -> None:
                        del target.body[position]

                    name = f"{node.name}.{statement.target.id}"
                    yield f"field {name} dropped", index[id(node)], change
        elif (isinstance(node, ast.Return) and isinstance(node.value, ast.Dict)
              and len(node.value.keys) > 1):
            for position, key in enumerate(node.value.keys):
                if isinstance(key, ast.Constant):

                    def change(twin: ast.Module, target: ast.Return,
                               position: int = position) -> None:
                        del target.value.keys[position]  # type: ignore[union-attr]
                        del target.value.values[position]  # type: ignore[union-attr]

                    yield f"returned key {key.value!r} dropped", index[id(node)], change


def _validation_mutants(tree: ast.Module,
                        index: dict[int, int]) -> Iterator[tuple[str, int, object]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in PARAM_FUNCTIONS:
            for position, keyword in enumerate(node.keywords):
                if keyword.arg in CONSTRAINTS:

                    def change(twin: ast.Module, target: ast.Call,
                               position: int = position) -> None:
                        del target.keywords[position]

                    yield f"{_call_name(node)}({keyword.arg}=...) removed", index[id(node)], change
        elif isinstance(node, ast.If):
            for position, statement in enumerate(node.body):
                if isinstance(statement, ast.Raise):

                    def change(twin: ast.Module, target: ast.If, position: int = position) -> None:
                        target.body[position] = ast.Pass()

                    yield "guarded raise replaced by pass", index[id(node)], change


GENERATORS = {"status": _status_mutants, "compare": _compare_mutants, "field": _field_mutants,
              "validation": _validation_mutants}


def replaced_spans(tree: ast.Module, source: str) -> list[tuple[int, int]]:
    """Line spans of the top-level classes and functions marked as replaced by the grader."""
    lines = source.splitlines()
    spans = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first >= 2 and lines[first - 2].strip() == REPLACED_MARK:
                spans.append((first, node.end_lineno or node.lineno))
    return spans


def mutants_of(file: str, source: str) -> list[Mutant]:
    """Every single-site mutant of one Python file (syntax errors give none)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    skipped = replaced_spans(tree, source)
    original = ast.unparse(tree)
    index = _index(tree)
    found: list[Mutant] = []
    seen: set[str] = set()
    walk = list(ast.walk(tree))
    for kind, generate in GENERATORS.items():
        for description, position, change in generate(tree, index):
            mutated = _mutated(tree, [position], change)
            if mutated == original or mutated in seen:
                continue
            seen.add(mutated)
            line = getattr(walk[position], "lineno", 0)
            if any(first <= line <= last for first, last in skipped):
                continue
            found.append(Mutant(kind, file, line, description, mutated))
    return found


def select(mutants: list[Mutant], limit: int) -> list[Mutant]:
    """At most `limit` mutants, taken in turn from each kind so that every kind is sampled,
    in a fixed order (the same reference always gives the same selection)."""
    by_kind = {kind: [m for m in mutants if m.kind == kind] for kind in KINDS}
    chosen: list[Mutant] = []
    while len(chosen) < limit and any(by_kind.values()):
        for kind in KINDS:
            if by_kind[kind] and len(chosen) < limit:
                chosen.append(by_kind[kind].pop(0))
    return chosen
