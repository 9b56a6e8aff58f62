"""ASGI middleware of the studio: admission control, request bodies read under limits and
timeouts before any lock is taken, and security headers (plain ASGI, which costs far less per
request than Starlette's BaseHTTPMiddleware)."""

from __future__ import annotations

import asyncio
import json
import math
import re
from contextlib import asynccontextmanager
from typing import AsyncIterator

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and form fields around an upload
MAX_JSON_DEPTH = 64  # a storyboard nests about 8 levels; deeper documents are refused unparsed by the app
# The two routes whose bodies are files: streamed to disk by the route after it has authenticated the caller.
UPLOAD_PATH = re.compile(r"^/api/workspaces/[^/]+/(motions|assets/[^/]+/images)$")
# Routes that take the gate's slots themselves, step by step, so that a password hash (slow by design)
# or a streaming upload never holds the writer's slot.
SELF_ADMITTED = re.compile(r"^/api/auth/(login|signup)$")
CSP = ("default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class Refused(Exception):
    """A request body refused before (or while) the app reads it: one sentence, the field, a status."""

    status = 400

    def __init__(self, message: str, field: str = "body"):
        super().__init__(message)
        self.field = field


class TooLarge(Refused):
    """A request body (declared or counted) over its limit."""

    status = 413


class BodyTimeout(Refused):
    """A request body that stalled or took too long to arrive."""

    status = 408


class BadJson(Refused):
    """A JSON body the studio will not parse or store: too deep, NaN, or a lone surrogate."""

    status = 422


class Gate:
    """How many API requests run at once, and the single writer of SQLite.

    A request holds its database session across several thread-pool calls (dependencies, the
    route, cleanup). Were more requests in flight than pooled connections, or more writers than
    SQLite's one, threads would block on a connection or on the write lock that a request
    waiting for a thread holds: a deadlock until a timeout. So at most `max_requests` API
    requests run at once (fewer than pool connections and pool threads), and with a single
    writer (SQLite) one writing request at a time. Waiting here costs no thread or connection.
    """

    def __init__(self, max_requests: int, single_writer: bool):
        self.single_writer = single_writer
        self.running = asyncio.Semaphore(max_requests)
        self.writer = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, *, write: bool) -> AsyncIterator[None]:
        async with self.running:
            if write and self.single_writer:
                async with self.writer:
                    yield
            else:
                yield


class Admission:
    """Reads each request's body before it takes a slot or the write lock, so a client that
    stalls its body holds nothing that other users wait for.

    JSON bodies are read whole (at most `max_json` bytes, within `body_timeout_s`) and checked
    (depth, NaN, lone surrogates) before the app parses them. Upload bodies are not buffered:
    their route authenticates first and only then streams the file, through a receive that
    counts bytes (cut at `max_upload`, declared or not) and times out a stalled sender.
    Event streams hold no session while streaming and are not counted.
    """

    def __init__(self, app: ASGIApp, gate: Gate, max_upload: int, max_json: int, body_timeout_s: float,
                 upload_idle_s: float, upload_timeout_s: float):
        self.app, self.gate = app, gate
        self.max_upload, self.max_json = max_upload + FORM_OVERHEAD, max_json
        self.body_timeout_s, self.upload_idle_s, self.upload_timeout_s = body_timeout_s, upload_idle_s, upload_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/") or path.endswith("/events"):
            return await self.app(scope, receive, send)
        write = scope["method"] not in SAFE_METHODS
        upload = write and UPLOAD_PATH.match(path) is not None
        limit = self.max_upload if upload else self.max_json
        declared = dict(scope["headers"]).get(b"content-length", b"")
        try:
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(_over(limit, upload), "file" if upload else "body")
            if upload:  # the route takes its own slot once the file is in
                return await self.app(scope, self._counted(receive, limit), send)
            body = await read_body(receive, limit, self.body_timeout_s) if write else None
            if body:
                check_json(body)
        except Refused as err:
            return await refusal(err)(scope, receive, send)
        if body is not None:
            receive = _replay(body, receive)
        if SELF_ADMITTED.match(path):
            return await self.app(scope, receive, send)
        async with self.gate.slot(write=write):
            return await self.app(scope, receive, send)

    def _counted(self, receive: Receive, limit: int) -> Receive:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.upload_timeout_s
        size = 0

        async def counted() -> Message:
            nonlocal size
            message = await _within(receive, min(self.upload_idle_s, deadline - loop.time()))
            size += len(message.get("body", b""))
            if size > limit:
                raise TooLarge(_over(limit, upload=True), "file")
            return message

        return counted


def _over(limit: int, upload: bool) -> str:
    if upload:
        return f"the upload is over the {limit - FORM_OVERHEAD} byte limit"
    return f"the request body is over the {limit} byte limit (storyboards included)"


async def _within(receive: Receive, timeout_s: float) -> Message:
    try:
        return await asyncio.wait_for(receive(), max(timeout_s, 0.0))
    except asyncio.TimeoutError:
        raise BodyTimeout("the request body stalled; send it without pauses") from None


async def read_body(receive: Receive, limit: int, timeout_s: float) -> bytes:
    """The whole body within `timeout_s`, refusing more than `limit` bytes as they arrive."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    chunks, size, more = [], 0, True
    while more:
        message = await _within(receive, deadline - loop.time())
        if message["type"] == "http.disconnect":
            raise BodyTimeout("the client went away before sending its body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge(_over(limit, upload=False))
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return replay


def _no_constants(name: str):
    raise BadJson(f"{name} is not a number the studio stores; use a finite value")


def check_json(body: bytes) -> None:
    """Refuse what would break later: nesting over MAX_JSON_DEPTH, NaN/Infinity, lone surrogates.

    Bodies that are not JSON at all are left to the app's own parser (it answers 422)."""
    try:
        document = json.loads(body, parse_constant=_no_constants)
    except RecursionError:
        raise BadJson(f"the JSON nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:  # not JSON (or not UTF-8): the app refuses it with its own message
        return
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise BadJson(f"the JSON nests deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, float) and not math.isfinite(value):  # 1e999 parses as infinity
            raise BadJson(f"a number overflows to {value}; use a finite value")
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadJson(f"the string {value[:40]!r} holds a lone UTF-16 surrogate, which is not text") from None


def refusal(err: Refused) -> JSONResponse:
    """The one-sentence JSON answer for a refused body."""
    return JSONResponse({"detail": str(err), "field": err.field}, status_code=err.status,
                        headers={"Connection": "close"} if isinstance(err, BodyTimeout) else None)


class SecurityHeaders:
    """nosniff, same-origin referrers, a strict Content-Security-Policy (not on /docs, whose page
    loads its scripts from a CDN), and `Cache-Control: no-store` on API answers, which carry
    account data that no shared or browser cache should keep (unless the route set its own)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
        if not scope["path"].startswith("/docs"):
            extra.append((b"content-security-policy", CSP.encode()))
        if scope["path"].startswith("/api/"):
            extra.append((b"cache-control", b"no-store"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
