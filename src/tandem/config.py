"""Settings, read from ``TANDEM_*`` environment variables, reached through :func:`get_settings`.

Importing this module reads no environment; the first call to ``get_settings()`` does.

Examples
--------
>>> s = Settings(database_url="sqlite:///tmp/t.db")
>>> s.database_url
'sqlite:///tmp/t.db'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where Tandem keeps the user's data by default (the OS's per-user data directory)."""
    return Path(platformdirs.user_data_dir("tandem", appauthor=False))


class Settings(BaseSettings):
    """Tandem's settings. Every field can be set as ``TANDEM_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="TANDEM_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    """Folder for the default SQLite database and the secret key."""
    database_url: str = ""
    """SQLAlchemy URL; empty means ``sqlite:///<data_dir>/tandem.db``."""
    debug: bool = False
    """Show tracebacks and mount debug routes."""
    multi_user: bool = False
    """Therapist mode: accounts, logins, invites."""
    secret_key: str = ""
    """Signs session cookies; empty means a random key kept in ``data_dir``."""
    max_upload_bytes: int = 50 * 1024 * 1024
    """Largest chat export the web app accepts."""

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError(
                f"TANDEM_DATABASE_URL must start with sqlite or postgresql, got {value!r}"
            )
        return value

    @field_validator("max_upload_bytes")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError(f"TANDEM_MAX_UPLOAD_BYTES must be positive, got {value}")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in ``data_dir``."""
        return self.database_url or f"sqlite:///{self.data_dir / 'tandem.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` in tests)."""
    return Settings()
