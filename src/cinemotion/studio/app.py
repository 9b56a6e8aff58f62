"""The studio application: API routers, error mapping, security headers, the web UI, and the
render worker pool that runs beside the server."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError

from cinemotion.errors import InputError
from cinemotion.studio.api import assets, auth, jobs, language, workspaces
from cinemotion.studio.db import is_sqlite, make_engine, migrate, sessions
from cinemotion.studio.deps import public
from cinemotion.studio.middleware import Admission, Gate, Refused, SecurityHeaders, refusal
from cinemotion.studio.security import Passwords, SignInThrottle, SignUpThrottle
from cinemotion.studio.settings import Settings
from cinemotion.studio.storage import Storage
from cinemotion.studio.worker import WorkerPool

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings) -> FastAPI:
    """A studio app for these settings: schema migrated, storage opened; workers start with the app."""
    engine = make_engine(settings)
    migrate(engine)
    settings.scratch_dir.mkdir(parents=True, exist_ok=True)
    pool = WorkerPool(settings) if settings.workers > 0 else None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if pool is not None:
            pool.start()
        try:
            yield
        finally:
            if pool is not None:
                pool.stop()
            engine.dispose()

    app = FastAPI(title="cinemotion studio", version="1.0",
                  description="Team workspaces, assets, render queue and web UI for cinemotion.", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.read_sessions = sessions(engine)
    app.state.write_sessions = sessions(engine, write=True)
    app.state.storage = Storage(settings.blobs_url)
    app.state.passwords = Passwords(settings)
    app.state.login_throttle = SignInThrottle(settings.login_attempts, settings.login_address_attempts,
                                              settings.login_account_attempts, settings.login_window_s)
    app.state.signup_throttle = SignUpThrottle(settings.signup_attempts, settings.signup_window_s)
    app.state.gate = Gate(settings.max_requests, single_writer=is_sqlite(engine))
    app.state.pool = pool
    for module in (auth, workspaces, assets, jobs, language):
        app.include_router(module.router)
    _error_responses(app)
    app.add_middleware(Admission, gate=app.state.gate, max_upload=settings.max_upload_bytes,
                       max_json=settings.max_storyboard_bytes, body_timeout_s=settings.body_timeout_s,
                       upload_idle_s=settings.upload_idle_s, upload_timeout_s=settings.upload_timeout_s)
    app.add_middleware(SecurityHeaders)

    @app.get("/api/health", dependencies=[Depends(public)], tags=["service"])
    def health() -> dict:
        return {"status": "ok"}

    @app.get("/", include_in_schema=False, dependencies=[Depends(public)])
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _error_responses(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(_request: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": err.message, "field": err.field}, status_code=422)

    @app.exception_handler(ValidationError)  # a model built from the input (e.g. a parsed prompt) refused it
    async def invalid(_request: Request, err: ValidationError) -> JSONResponse:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "body"
        return JSONResponse({"detail": f"{field}: {first['msg'].removeprefix('Value error, ')}", "field": field},
                            status_code=422)

    @app.exception_handler(Refused)  # raised while an upload streams into its route
    async def refused(_request: Request, err: Refused) -> JSONResponse:
        return refusal(err)

    @app.exception_handler(IntegrityError)
    async def conflict(_request: Request, _err: IntegrityError) -> JSONResponse:
        return JSONResponse({"detail": "conflicts with an existing record; reload and try again"}, status_code=409)

    @app.exception_handler(OperationalError)
    async def busy(_request: Request, err: OperationalError) -> JSONResponse:
        if "locked" in str(err.orig) or "deadlock" in str(err.orig):
            return JSONResponse({"detail": "the database is busy; retry"}, status_code=503,
                                headers={"Retry-After": "1"})
        raise err
