"""ASGI middleware of the studio: admission control and security headers (plain ASGI, which
costs far less per request than Starlette's BaseHTTPMiddleware)."""

from __future__ import annotations

import asyncio

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and form fields around an upload
CSP = ("default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; "
       "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class Admission:
    """Queue API requests in the event loop, where waiting costs no thread or connection.

    A request holds its database session across several thread-pool calls (dependencies, the
    route, cleanup). Were more requests in flight than pooled connections, or more writers than
    SQLite's one, threads would block on a connection or on the write lock that a request
    waiting for a thread holds: a deadlock until a timeout. So at most `max_requests` API
    requests run at once (fewer than pool connections and pool threads), and with a single
    writer (SQLite) one writing request at a time. Event streams hold no session while
    streaming and are not counted. Bodies declared larger than the upload limit are refused
    before they are read (the multipart parser would spool them to disk).
    """

    def __init__(self, app: ASGIApp, max_requests: int, max_body: int, single_writer: bool):
        self.app, self.max_body, self.single_writer = app, max_body + FORM_OVERHEAD, single_writer
        self.running = asyncio.Semaphore(max_requests)
        self.writer = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            response = JSONResponse({"detail": f"request body over the {self.max_body - FORM_OVERHEAD} byte limit",
                                     "field": "file"}, status_code=413)
            return await response(scope, receive, send)
        path = scope["path"]
        if not path.startswith("/api/") or path.endswith("/events"):
            return await self.app(scope, receive, send)
        async with self.running:
            if self.single_writer and scope["method"] not in SAFE_METHODS:
                async with self.writer:
                    return await self.app(scope, receive, send)
            return await self.app(scope, receive, send)


class SecurityHeaders:
    """nosniff, same-origin referrers, and a strict Content-Security-Policy (not on /docs,
    whose page loads its scripts from a CDN)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
        if not scope["path"].startswith("/docs"):
            extra.append((b"content-security-policy", CSP.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
