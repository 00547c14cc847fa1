"""The hidden tests of a challenge as staff see them in the library: title and weight.

Read from the test files' syntax (never imported, never run in the app's process): a test is a
module-level `test_*` function; its title is the first docstring line, its weight the argument
of `@pytest.mark.weight(n)` (1 when absent), as the grader plugin computes them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class TestInfo:
    file: str
    name: str
    title: str
    weight: float


def _weight(function: ast.FunctionDef) -> float:
    for decorator in function.decorator_list:
        if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "weight" and decorator.args
                and isinstance(decorator.args[0], ast.Constant)):
            return float(decorator.args[0].value)
    return 1.0


def index_tests(files: dict[str, str]) -> list[TestInfo]:
    found = []
    for name, source in sorted(files.items()):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                doc = (ast.get_docstring(node) or "").strip()
                title = doc.splitlines()[0] if doc else node.name[5:].replace("_", " ")
                found.append(TestInfo(name, node.name, title, _weight(node)))
    return found
