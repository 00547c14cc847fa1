"""Computed answers for `predict` questions: the snippet runs against the pinned libraries and
the outcome of its probe must be the option marked correct, and no other. A library upgrade
that changes an outcome fails the bank's verification, naming the question.

Outcomes are written canonically (an option may wrap them in backticks):
- an HTTP response: `<status> <body>`, the body as compact JSON (`json.dumps` defaults) when
  it is JSON, else its text; just `<status>` when the body is empty;
- an exception: `raises <ExceptionType>`;
- any other value: its `repr()`.
"""

from __future__ import annotations

from app.quizzes.schema import QuestionSpec, canonical

OUTCOME_HELPERS = '''
import json as _json


def _outcome(value):
    import httpx
    if isinstance(value, httpx.Response):
        if not value.content:
            return str(value.status_code)
        try:
            body = _json.dumps(value.json())
        except ValueError:
            body = value.text
        return f"{value.status_code} {body}"
    return repr(value)


def _probe(namespace, expression):
    if "app" in namespace and "client" not in namespace:
        from starlette.testclient import TestClient
        namespace["client"] = TestClient(namespace["app"], raise_server_exceptions=False)
    try:
        return _outcome(eval(expression, namespace))
    except Exception as exc:
        return f"raises {type(exc).__name__}"
'''


def verify_program(spec: QuestionSpec) -> str:
    """A verify snippet that computes the outcome and checks it against the answer key."""
    options = [canonical(o) for o in spec.options]
    expected = options[spec.correct[0] - 1]
    return OUTCOME_HELPERS + (
        f"_ns = {{'__name__': '__predict__'}}\n"
        f"exec(compile({spec.code!r}, '<predict {spec.id}>', 'exec'), _ns)\n"
        f"_got = _probe(_ns, {spec.probe!r})\n"
        f"_options, _expected, _id = {options!r}, {expected!r}, {spec.id!r}\n"
        "assert _got == _expected, (\n"
        "    f'predict question {_id}: the snippet now gives {_got!r}; the answer key says '\n"
        "    f'{_expected!r}' + (' (another option)' if _got in _options else ''))\n"
    )


def snippets(specs: list[QuestionSpec]) -> dict[str, str]:
    """Every check the bank's answers rest on: each `verify` and each predict computation."""
    found: dict[str, str] = {}
    for spec in specs:
        if spec.verify:
            found[spec.id] = spec.verify
        if spec.kind == "predict":
            found[f"{spec.id} (computed)"] = verify_program(spec)
    return found
