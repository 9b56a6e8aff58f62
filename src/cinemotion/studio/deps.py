"""Request dependencies: the database session, who is calling (token or cookie + CSRF), and
the permission check every route declares (`public`, `account` or `allow(action)`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Iterator

from fastapi import Depends, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session

from cinemotion.core.tables import load_table
from cinemotion.studio import models as m
from cinemotion.studio.middleware import SAFE_METHODS
from cinemotion.studio.storage import Storage
from cinemotion.studio.security import CSRF_HEADER, SESSION_COOKIE, TOKEN_PREFIX, digest, same

MATRIX: dict[str, frozenset[str]] = {
    action: frozenset(roles)
    for action, roles in load_table("studio/permissions.yaml").items()
}
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns on PostgreSQL; larger ones would overflow the query

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def database(request: Request) -> Iterator[Session]:
    """A session per request; SQLite writers take the write lock at BEGIN."""
    state = request.app.state
    factory = state.read_sessions if request.method in SAFE_METHODS else state.write_sessions
    with factory() as session:
        yield session


# "function" scope: the session closes (ending its transaction) as soon as the route returns,
# not after the response is sent, so SQLite's write lock is never held past the request.
Db = Annotated[Session, Depends(database, scope="function")]


async def in_read_slot(request: Request, function, *args):
    """`function(db, *args)` in a thread with a reading session, once the admission gate has a slot:
    for routes that admit themselves step by step (sign-in, sign-up, uploads)."""
    async with request.app.state.gate.slot(write=False):
        with request.app.state.read_sessions() as db:
            return await run_in_threadpool(function, db, *args)


async def in_write_slot(request: Request, function, *args):
    """`function(db, *args)` in a thread with a writing session, once the gate has a writer's slot."""
    async with request.app.state.gate.slot(write=True):
        with request.app.state.write_sessions() as db:
            return await run_in_threadpool(function, db, *args)


def storage(request: Request) -> Storage:
    return request.app.state.storage


Store = Annotated[Storage, Depends(storage)]


def _caller(request: Request, db: Session) -> m.User:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
        row = db.scalar(select(m.ApiToken).where(m.ApiToken.token_hash == digest(token),
                                                 m.ApiToken.revoked_at.is_(None)))
        if row is None or not token.startswith(TOKEN_PREFIX):
            raise HTTPException(401, "invalid or revoked API token", headers={"WWW-Authenticate": "Bearer"})
        return db.get(m.User, row.user_id)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        session = db.scalar(select(m.WebSession).where(m.WebSession.secret_hash == digest(secret),
                                                       m.WebSession.expires_at > m.now()))
        if session is not None:
            if request.method not in SAFE_METHODS and not same(request.headers.get(CSRF_HEADER, ""),
                                                               session.csrf_token):
                raise HTTPException(403, f"missing or wrong {CSRF_HEADER} header")
            request.state.web_session = session
            return db.get(m.User, session.user_id)
    raise HTTPException(401, "sign in or send an API token", headers={"WWW-Authenticate": "Bearer"})


def _declare(action: str):
    def mark(function):
        function.permission = action
        return function
    return mark


@_declare("public")
def public() -> None:
    """Anyone, signed in or not (sign-up, sign-in, health, the UI)."""


@_declare("account")
def account(request: Request, db: Db) -> m.User:
    """Any signed-in user, acting on their own account."""
    return _caller(request, db)


@dataclass
class Access:
    user: m.User
    workspace_id: int
    role: str

    def may(self, action: str) -> bool:
        return self.role in MATRIX[action]


def _access(db: Session, user: m.User, workspace_id: int, action: str) -> Access:
    role = db.scalar(select(m.Membership.role).where(m.Membership.workspace_id == workspace_id,
                                                     m.Membership.user_id == user.id))
    if role is None:
        raise HTTPException(404, "workspace not found")
    if role not in MATRIX[action]:
        raise HTTPException(403, f"a workspace {role} may not do {action}")
    return Access(user, workspace_id, role)


def allow(action: str):
    """The dependency for a workspace route: members whose role the matrix allows `action`."""

    @_declare(action)
    def check(workspace_id: Id, user: Annotated[m.User, Depends(account)], db: Db) -> Access:
        return _access(db, user, workspace_id, action)

    return check


def allow_before_body(action: str):
    """`allow` for routes that stream a body after the check: a read session, closed before the
    route runs, so no lock or connection is held while the client sends."""

    @_declare(action)
    def check(workspace_id: Id, request: Request) -> Access:
        with request.app.state.read_sessions() as db:
            return _access(db, _caller(request, db), workspace_id, action)

    return check


def permission_of(route) -> list[str]:
    """The actions a route declares among its direct dependencies; exactly one is expected."""
    return [d.call.permission for d in route.dependant.dependencies if hasattr(d.call, "permission")]


def api_routes(routes) -> Iterator[APIRoute]:
    """Every API route of an app, including those of included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI ≥ 0.120 wraps included routers
            yield from api_routes(route.original_router.routes)
