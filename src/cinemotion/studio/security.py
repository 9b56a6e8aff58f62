"""Credentials: argon2id password hashes, bearer tokens and session secrets stored only as SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cinemotion.studio.settings import Settings

TOKEN_PREFIX = "cm_"
SESSION_COOKIE = "cm_session"
CSRF_COOKIE = "cm_csrf"
CSRF_HEADER = "X-CSRF-Token"
MAX_TRACKED_ACCOUNTS = 10_000


class Passwords:
    """argon2id (RFC 9106) with the settings' cost."""

    def __init__(self, settings: Settings):
        self._hasher = PasswordHasher(time_cost=settings.argon2_time_cost,
                                      memory_cost=settings.argon2_memory_kib, parallelism=1)
        # Verifying an unknown user against this keeps login timing the same for both cases.
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def digest(secret: str) -> str:
    """Tokens and session secrets carry 256 random bits, so a fast hash is enough at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class LoginThrottle:
    """Slows password guessing: after `limit` failed sign-ins to one account within `window_s`,
    that account's sign-ins are refused until the oldest failure leaves the window."""

    def __init__(self, limit: int, window_s: float):
        self.limit, self.window_s = limit, window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait_s(self, account: str) -> float:
        """Seconds until this account may try again (0: now)."""
        with self._lock:
            failures = self._recent(account)
            return failures[0] + self.window_s - time.monotonic() if len(failures) >= self.limit else 0.0

    def failed(self, account: str) -> None:
        with self._lock:
            if len(self._failures) > MAX_TRACKED_ACCOUNTS:  # forget stale accounts, keeping memory bounded
                for stale in [a for a in self._failures if not self._recent(a)]:
                    del self._failures[stale]
            self._failures[account].append(time.monotonic())

    def _recent(self, account: str) -> deque[float]:
        failures = self._failures.get(account, deque())
        while failures and failures[0] < time.monotonic() - self.window_s:
            failures.popleft()
        return failures

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(account, None)
