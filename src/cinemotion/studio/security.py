"""Credentials: argon2id password hashes, bearer tokens and session secrets stored only as SHA-256,
and the throttles on sign-in and sign-up."""

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
MAX_TRACKED_KEYS = 10_000  # accounts, addresses or pairs remembered per throttle window
KNOWN_ADDRESSES = 8  # recent addresses an account signed in from


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


class Window:
    """Event times per key within a sliding window, with memory bounded by MAX_TRACKED_KEYS."""

    def __init__(self, window_s: float):
        self.window_s = window_s
        self._events: dict[object, deque[float]] = defaultdict(deque)

    def count(self, key) -> int:
        return len(self._recent(key))

    def wait_s(self, key, limit: int) -> float:
        """Seconds until `key` is under `limit` events again (0: it is now)."""
        events = self._recent(key)
        return events[0] + self.window_s - time.monotonic() if len(events) >= limit else 0.0

    def add(self, key) -> None:
        if len(self._events) >= MAX_TRACKED_KEYS:
            self._forget()
        self._events[key].append(time.monotonic())

    def clear(self, key) -> None:
        self._events.pop(key, None)

    def _recent(self, key) -> deque[float]:
        events = self._events.get(key, deque())
        while events and events[0] < time.monotonic() - self.window_s:
            events.popleft()
        return events

    def _forget(self) -> None:
        for stale in [k for k in self._events if not self._recent(k)]:
            del self._events[stale]
        if len(self._events) >= MAX_TRACKED_KEYS:  # still full of live keys: drop the older half
            by_age = sorted(self._events, key=lambda k: self._events[k][-1])
            for key in by_age[: len(by_age) // 2]:
                del self._events[key]


class SignInThrottle:
    """Slows password guessing without letting strangers lock an owner out.

    Failures count per (account, client address): `per_pair` of them within the window close
    that account to that address only, so wrong passwords sent from elsewhere never lock out
    the owner. Each address also has a budget over all accounts (`per_address`), which stops
    one password sprayed across many accounts. An account that fails `per_account` times from
    all addresses together (guessing spread over many addresses) is closed to every address
    that has not signed in to it before; the owner's own addresses stay open.
    """

    def __init__(self, per_pair: int, per_address: int, per_account: int, window_s: float):
        self.per_pair, self.per_address, self.per_account = per_pair, per_address, per_account
        self._pairs, self._addresses, self._accounts = Window(window_s), Window(window_s), Window(window_s)
        self._known: dict[str, deque[str]] = {}  # account -> addresses it signed in from (newest last)
        self._lock = threading.Lock()

    def wait_s(self, account: str, address: str) -> float:
        """Seconds until this address may try this account again (0: now)."""
        with self._lock:
            waits = [self._pairs.wait_s((account, address), self.per_pair),
                     self._addresses.wait_s(address, self.per_address)]
            if address not in self._known.get(account, ()):
                waits.append(self._accounts.wait_s(account, self.per_account))
            return max(waits)

    def failed(self, account: str, address: str) -> None:
        with self._lock:
            self._pairs.add((account, address))
            self._addresses.add(address)
            self._accounts.add(account)

    def succeeded(self, account: str, address: str) -> None:
        with self._lock:
            self._pairs.clear((account, address))
            if len(self._known) >= MAX_TRACKED_KEYS:
                self._known.pop(next(iter(self._known)))
            known = self._known.setdefault(account, deque(maxlen=KNOWN_ADDRESSES))
            if address not in known:
                known.append(address)


class SignUpThrottle:
    """At most `limit` sign-up attempts per client address within the window (mass sign-up)."""

    def __init__(self, limit: int, window_s: float):
        self.limit = limit
        self._attempts = Window(window_s)
        self._lock = threading.Lock()

    def attempt(self, address: str) -> float:
        """Record an attempt; returns 0 when it may go ahead, else the seconds to wait."""
        with self._lock:
            wait_s = self._attempts.wait_s(address, self.limit)
            if wait_s == 0:
                self._attempts.add(address)
            return wait_s
