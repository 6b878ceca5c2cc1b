"""Server settings: command-line options and environment variables, nothing stateful."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = "yishi-server-data"
ENV_DB = "YISHI_SERVER_DB"
ENV_DATA_DIR = "YISHI_SERVER_DATA_DIR"
ENV_SCHEMA_REVS = "YISHI_SERVER_SCHEMA_REVS"
DEFAULT_SCHEMA_REVS = "1,2"
ENV_MAX_BODY = "YISHI_SERVER_MAX_BODY_BYTES"
ENV_MAX_INFLATED = "YISHI_SERVER_MAX_INFLATED_BYTES"
ENV_MAX_OPS = "YISHI_SERVER_MAX_OPS"
# Fault-injection hook for tests (docs/sync-protocol.md §10): exit right after a commit.
ENV_CRASH_AFTER_COMMIT = "YISHI_SERVER_CRASH_AFTER_COMMIT"


def parse_schema_revs(text: str) -> frozenset[int]:
    revs = frozenset(int(part) for part in text.replace(" ", "").split(",") if part)
    if not revs or min(revs) < 1:
        raise ValueError("数据结构版本须为正整数，如 1,2")
    return revs


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    schema_revs: frozenset[int] = field(default_factory=lambda: frozenset({1, 2}))
    max_body_bytes: int = 8 * 1024 * 1024
    max_inflated_bytes: int = 64 * 1024 * 1024
    max_ops_per_batch: int = 1000
    crash_after_commit: bool = False

    @property
    def server_key_path(self) -> Path:
        return self.data_dir / "server_ed25519.pem"

    @classmethod
    def from_env(
        cls, *, db_url: str | None = None, data_dir: str | os.PathLike[str] | None = None
    ) -> Settings:
        env = os.environ
        ddir = Path(data_dir or env.get(ENV_DATA_DIR) or DEFAULT_DATA_DIR).resolve()
        url = db_url or env.get(ENV_DB) or f"sqlite:///{ddir / 'server.sqlite3'}"
        return cls(
            data_dir=ddir,
            db_url=url,
            schema_revs=parse_schema_revs(env.get(ENV_SCHEMA_REVS, DEFAULT_SCHEMA_REVS)),
            max_body_bytes=int(env.get(ENV_MAX_BODY, 8 * 1024 * 1024)),
            max_inflated_bytes=int(env.get(ENV_MAX_INFLATED, 64 * 1024 * 1024)),
            max_ops_per_batch=int(env.get(ENV_MAX_OPS, 1000)),
            crash_after_commit=env.get(ENV_CRASH_AFTER_COMMIT, "") == "1",
        )
