"""One Settings object, read from CRUCIBLE_* environment variables (and .env)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_SECRET = "dev-only-not-secret"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CRUCIBLE_", env_file=".env", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    secret_key: str = DEV_SECRET
    database_url: str = f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'crucible.db'}"
    library_root: Path = REPO_ROOT
    host: str = "127.0.0.1"
    port: int = 8000
    # Grading workers started in the app's lifespan; 0 leaves grading to `crucible worker`.
    workers: int = 2
    runner_image: str = ""
    # Sandboxes running at once on this host, across all its processes (0: one per core).
    sandbox_slots: int = 0
    lease_s: float = 60.0
    max_sandbox_attempts: int = 3
    worker_poll_s: float = 0.5
    demo: bool = False

    @model_validator(mode="after")
    def refuse_default_secret(self) -> Settings:
        if self.env == "prod" and self.secret_key == DEV_SECRET:
            raise ValueError("set CRUCIBLE_SECRET_KEY: the default secret is for development only")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
