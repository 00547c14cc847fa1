"""Runs the candidate's app inside the sandbox, as the candidate user.

Imports the entrypoint (`module:attribute`) from the working directory, applies the challenge's
overrides (`install(app, module)` in overrides.py: thin proxies of the grader's service, see
crucible_link.py) and serves with uvicorn on loopback. Nothing here is secret: the candidate's
process could read all of it, and nothing it holds decides a test.
"""

from __future__ import annotations

import importlib
import os
import sys

from crucible_link import load_module


def main() -> None:
    # Under memory pressure the kernel should pick the candidate's app, never the harness or the
    # grader. Raising one's own score needs no privilege.
    with open("/proc/self/oom_score_adj", "w") as score:
        score.write("1000")
    sys.path.insert(0, os.getcwd())
    module_name, _, attribute = os.environ["CRUCIBLE_ENTRYPOINT"].partition(":")
    module = importlib.import_module(module_name)
    app = getattr(module, attribute or "app", None)
    if app is None:
        raise SystemExit(f"{module_name}.py defines no `{attribute or 'app'}`")
    overrides_path = os.environ.get("CRUCIBLE_OVERRIDES")
    if (overrides_path and os.path.exists(overrides_path)
            and load_module("crucible_overrides", overrides_path).install(app, module) is not None):
        # A control router would live in the candidate's process, where the app could answer
        # for it: what tests read back belongs in the grader's service.
        raise SystemExit("overrides.install() must return None (see docs/authoring.md)")

    import uvicorn

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ.get("CRUCIBLE_PORT", "8000")),
        log_level="warning",
        access_log=False,
        lifespan="auto",
    )


if __name__ == "__main__":
    main()
