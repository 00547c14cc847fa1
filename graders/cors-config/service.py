"""The grader's side of cors-config (runs in the grader's process, see crucible_link.py).

It chooses the settings the app's `create_app` is tried with at start-up (with origins drawn
for this run, so no app can know them in advance), keeps what each try gave (the app's
overrides report "ok", "ValueError" or another exception's name, once per configuration), and
says which of the apps built from them the test is talking to: `serve(name)` makes every
following request go to the app `create_app(Settings(...))` returned for `name` (to nothing,
503, when it raised), `serve(None)` back to the module's `app`.
"""

from __future__ import annotations

import secrets
import threading
from typing import Any

from crucible_link import ServiceError, exposed

OUTCOME_LIMIT = 200


class Service:
    def __init__(self) -> None:
        partner = f"https://{secrets.token_hex(4)}.partner.example.org"
        public_partner = f"https://{secrets.token_hex(4)}.public.example.org"
        self.origins = {"partner": partner, "public_partner": public_partner}
        self.configs: dict[str, dict[str, Any]] = {
            "wildcard_with_credentials": {"cors_origins": ["*"], "cors_allow_credentials": True},
            "wildcard_among_origins_with_credentials": {
                "cors_origins": [partner, "*"], "cors_allow_credentials": True},
            "wildcard_public": {"cors_origins": ["*"], "cors_allow_credentials": False},
            "explicit_with_credentials": {
                "cors_origins": [partner], "cors_allow_credentials": True},
            "explicit_without_credentials": {
                "cors_origins": [public_partner], "cors_allow_credentials": False},
        }
        self._lock = threading.Lock()
        self.outcomes: dict[str, str] = {}
        self.serving_name: str | None = None

    def reset(self) -> None:
        """Before each test: requests go to the module's `app` (start-up outcomes are kept)."""
        self.serving_name = None

    # --- for the tests -----------------------------------------------------------------------

    def serve(self, name: str | None) -> None:
        if name is not None and name not in self.configs:
            raise KeyError(name)
        self.serving_name = name

    # --- for the app (untrusted input) -------------------------------------------------------

    @exposed
    def startup_configs(self) -> list[dict[str, Any]]:
        return [{"name": name, "settings": settings} for name, settings in self.configs.items()]

    @exposed
    def startup_outcome(self, name: Any, outcome: Any) -> None:
        if not isinstance(name, str) or name not in self.configs:
            raise ServiceError("no such configuration")
        if not isinstance(outcome, str) or len(outcome) > OUTCOME_LIMIT:
            raise ServiceError("an outcome is a short string")
        with self._lock:
            self.outcomes.setdefault(name, outcome)  # one try per configuration

    @exposed
    def serving(self) -> str | None:
        return self.serving_name
