"""How a studio instance is configured: where its records and files live, and its limits."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cinemotion.errors import InputError

EXECUTORS = ("local", "ray")
# Storyboards are the largest JSON the studio takes: 256 KiB holds well over a thousand actions, far past
# any film the spec allows, and parses in milliseconds; the 64 MiB body limit is for uploaded files.
MAX_STORYBOARD_BYTES = 256 * 1024


@dataclass(frozen=True)
class Settings:
    """Everything a studio process needs; plain data so worker processes can receive it."""

    data_dir: Path
    database_url: str | None = None  # None: a SQLite file in data_dir
    storage_url: str | None = None  # None: data_dir/blobs on disk; otherwise any fsspec URL
    workers: int = 1  # render worker processes the app supervises (0: none, e.g. in tests)
    render_threads: int = 2  # frame-render processes each render may use
    executor: str = "local"  # "local" (process pool) or "ray" (RAY_ADDRESS)
    renderer: str = "cinemotion.studio.render:render_files"  # "module:function" run by workers
    language: str = "cinemotion.language"  # module offering parse(text) and coach(text)
    lease_s: float = 30.0  # a claimed job is the worker's for this long without a heartbeat
    poll_s: float = 0.5  # how often idle workers look for work
    max_attempts: int = 3  # attempts at a job whose worker failed unexpectedly or was lost
    job_timeout_s: float = 1800.0  # a render running longer is stopped and failed (not retried)
    max_requests: int = 32  # API requests handled at once; the rest wait (see app._admission)
    max_upload_bytes: int = 64 * 1024 * 1024
    max_storyboard_bytes: int = MAX_STORYBOARD_BYTES  # every JSON body; checked before it is parsed
    body_timeout_s: float = 10.0  # a JSON body must arrive whole within this
    upload_idle_s: float = 30.0  # an upload may pause this long between chunks
    upload_timeout_s: float = 900.0  # and must arrive whole within this (64 MiB at ~75 kB/s)
    max_image_pixels: int = 40_000_000  # Pillow's decompression-bomb limit for reference images
    allow_signup: bool = True
    login_attempts: int = 10  # failed sign-ins to one account from one address per window
    login_address_attempts: int = 30  # failed sign-ins from one address to any accounts per window
    login_account_attempts: int = 100  # to one account from all addresses, for addresses it never used
    login_window_s: float = 600.0
    signup_attempts: int = 10  # sign-ups from one address per signup window
    signup_window_s: float = 3600.0
    secure_cookies: bool = False  # set for deployments behind HTTPS
    session_days: float = 14.0
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19 * 1024  # OWASP 2023 minimum for argon2id (m=19 MiB, t=2, p=1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if self.executor not in EXECUTORS:
            raise InputError("executor", f"{self.executor!r} is not one of {', '.join(EXECUTORS)}")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'studio.db').resolve()}"

    @property
    def blobs_url(self) -> str:
        return self.storage_url or str((self.data_dir / "blobs").resolve())

    @property
    def scratch_dir(self) -> Path:
        """Work area for renders in progress (never a final location)."""
        return self.data_dir / "scratch"

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "data_dir": str(self.data_dir)})

    @classmethod
    def from_json(cls, text: str) -> "Settings":
        return cls(**json.loads(text))
