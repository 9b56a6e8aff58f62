"""Accounts: sign-up, sign-in (session cookie + CSRF token), sign-out, API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cinemotion.studio import is_loopback
from cinemotion.studio import models as m
from cinemotion.studio.deps import Db, Id, account, in_read_slot, in_write_slot, public
from cinemotion.studio.schemas import SessionOut, SignIn, SignUp, TokenCreate, TokenCreated, TokenOut, UserOut
from cinemotion.studio.security import CSRF_COOKIE, SESSION_COOKIE, digest, new_api_token, new_secret

router = APIRouter(prefix="/api", tags=["accounts"])
User = Annotated[m.User, Depends(account)]


def _user_out(user: m.User) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name)


def _start_session(db, request: Request, response: Response, user: m.User) -> SessionOut:
    settings = request.app.state.settings
    secret, csrf = new_secret(), new_secret()
    expires = m.now() + settings.session_days * 86400
    db.add(m.WebSession(user_id=user.id, secret_hash=digest(secret), csrf_token=csrf, expires_at=expires))
    db.commit()
    age = int(settings.session_days * 86400)
    response.set_cookie(SESSION_COOKIE, secret, max_age=age, httponly=True, samesite="strict",
                        secure=settings.secure_cookies)
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, httponly=False, samesite="strict",
                        secure=settings.secure_cookies)
    return SessionOut(user=_user_out(user), csrf_token=csrf)


def client_address(request: Request) -> str:
    """The caller's address (uvicorn takes it from X-Forwarded-For only behind trusted proxies)."""
    return request.client.host if request.client else "unknown"


def _too_many(what: str, wait_s: float) -> HTTPException:
    return HTTPException(429, f"too many {what}; try again in {wait_s:.0f} s",
                         headers={"Retry-After": str(int(wait_s) + 1)})


@router.post("/auth/signup", status_code=201, dependencies=[Depends(public)])
async def sign_up(body: SignUp, request: Request, response: Response) -> SessionOut:
    """Create an account with a personal workspace, and sign in."""
    address = client_address(request)
    # Closed sign-up stays open to the server's own operator, so a team studio can get its accounts
    # (behind a reverse proxy on the same machine, the proxy must send X-Forwarded-For).
    if not request.app.state.settings.allow_signup and not is_loopback(address):
        raise HTTPException(403, "sign-up is closed on this studio; an administrator creates accounts "
                                 "from the server machine")
    wait_s = request.app.state.signup_throttle.attempt(address)
    if wait_s > 0:
        raise _too_many("sign-ups from this address", wait_s)
    # The hash is slow by design: made before taking the writer's slot, so sign-ups never hold up writes.
    password_hash = await run_in_threadpool(request.app.state.passwords.hash, body.password)
    return await in_write_slot(request, _create_account, request, response, body, password_hash)


def _create_account(db, request: Request, response: Response, body: SignUp, password_hash: str) -> SessionOut:
    user = m.User(email=body.email, name=body.name, password_hash=password_hash)
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise HTTPException(409, "an account with this email exists") from None
    workspace = m.Workspace(name=f"{body.name[:100]}'s workspace")
    workspace.members.append(m.Membership(user_id=user.id, role="owner"))
    db.add(workspace)
    return _start_session(db, request, response, user)


@router.post("/auth/login", dependencies=[Depends(public)])
async def sign_in(body: SignIn, request: Request, response: Response) -> SessionOut:
    """Sign in with email and password: a session cookie and the CSRF token for it."""
    throttle, address = request.app.state.login_throttle, client_address(request)
    wait_s = throttle.wait_s(body.email, address)
    if wait_s > 0:
        raise _too_many("failed sign-ins", wait_s)
    user = await in_read_slot(request, lambda db: db.scalar(select(m.User).where(m.User.email == body.email)))
    # Verified outside any slot: the hash's cost (and a guesser's volume) never holds up other requests.
    if not await run_in_threadpool(request.app.state.passwords.verify, user.password_hash if user else None,
                                   body.password):
        throttle.failed(body.email, address)
        raise HTTPException(401, "wrong email or password")
    throttle.succeeded(body.email, address)
    return await in_write_slot(request, _start_session, request, response, user)


@router.post("/auth/logout", status_code=204)
def sign_out(request: Request, response: Response, user: User, db: Db) -> None:
    session = getattr(request.state, "web_session", None)
    if session is not None:
        db.delete(session)
        db.commit()
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


@router.get("/auth/me")
def who_am_i(user: User) -> UserOut:
    return _user_out(user)


def _token_out(row: m.ApiToken) -> dict:
    return dict(id=row.id, name=row.name, prefix=row.prefix, created_at=row.created_at, revoked_at=row.revoked_at)


@router.get("/tokens")
def list_tokens(user: User, db: Db) -> list[TokenOut]:
    rows = db.scalars(select(m.ApiToken).where(m.ApiToken.user_id == user.id).order_by(m.ApiToken.id))
    return [TokenOut(**_token_out(r)) for r in rows]


@router.post("/tokens", status_code=201)
def create_token(body: TokenCreate, user: User, db: Db) -> TokenCreated:
    """A bearer token for scripts (`Authorization: Bearer cm_…`); it is shown only now."""
    token = new_api_token()
    row = m.ApiToken(user_id=user.id, name=body.name, token_hash=digest(token), prefix=token[:10])
    db.add(row)
    db.commit()
    return TokenCreated(**_token_out(row), token=token)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: Id, user: User, db: Db) -> None:
    row = db.scalar(select(m.ApiToken).where(m.ApiToken.id == token_id, m.ApiToken.user_id == user.id))
    if row is None:
        raise HTTPException(404, "token not found")
    row.revoked_at = row.revoked_at or m.now()
    db.commit()
