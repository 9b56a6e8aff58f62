"""Render jobs: submit from a storyboard (or a prompt), list, inspect, cancel, follow progress (SSE)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from cinemotion.errors import InputError
from cinemotion.spec import storyboard_from_dict
from cinemotion.studio import assets as library
from cinemotion.studio import models as m
from cinemotion.studio import queue
from cinemotion.studio.api.language import parse_prompt
from cinemotion.studio.deps import Access, Db, Id, allow
from cinemotion.studio.schemas import JobOut, RenderCreate
from cinemotion.studio.sources import pin_sources

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["renders"])
TERMINAL = {"done", "failed", "cancelled"}
EVENT_POLL_S = 0.2  # service setting: how often a job's event stream checks for progress


def job_out(job: m.Job) -> JobOut:
    return JobOut.model_validate(job, from_attributes=True)


def with_characters(db, workspace_id: int, storyboard: dict) -> dict:
    """Add the workspace's characters that actors name but the storyboard does not define."""
    defined = {c["id"] for c in storyboard.get("characters", [])}
    wanted = {a.get("character") for s in storyboard["shots"] for a in s.get("actors", [])} - defined - {None}
    if not wanted:
        return storyboard
    found = {}
    for asset in db.scalars(select(m.Asset).where(m.Asset.workspace_id == workspace_id, m.Asset.kind == "character",
                                                  m.Asset.deleted_at.is_(None)).order_by(m.Asset.updated_at)):
        data = library.get_version(db, asset).data
        if data.get("id") in wanted:
            found[data["id"]] = data
    return {**storyboard, "characters": storyboard.get("characters", []) + list(found.values())}


@router.post("/renders", status_code=202)
def submit_render(body: RenderCreate, request: Request, access: Annotated[Access, Depends(allow("render.submit"))],
                  db: Db) -> JobOut:
    """Queue a render of a saved storyboard (latest or given version), or of a prompt."""
    if body.storyboard_asset_id is None:
        if not body.prompt or not body.prompt.strip():
            raise InputError("storyboard_asset_id", "name a storyboard asset or give a prompt")
        storyboard = parse_prompt(request, body.prompt, "prompt")
        asset = library.create_asset(db, access.workspace_id, "storyboard",
                                     (storyboard.get("title") or body.prompt.strip())[:120], storyboard,
                                     access.user.id)
    else:
        asset = library.get_asset(db, access.workspace_id, body.storyboard_asset_id)
        if asset.kind != "storyboard":
            raise InputError("storyboard_asset_id", f"asset {asset.id} is a {asset.kind}, not a storyboard")
    version = library.get_version(db, asset, body.version)
    # Refuse now what the worker would refuse later; pin transfer sources to the bytes they name.
    storyboard = storyboard_from_dict(with_characters(db, access.workspace_id, version.data)).model_dump(mode="json")
    storyboard = pin_sources(db, access.workspace_id, storyboard)
    limit = request.app.state.settings.max_storyboard_bytes
    if len(json.dumps(storyboard)) > limit:  # a long prompt, or many characters brought in by name
        raise InputError("storyboard_asset_id", f"the storyboard to render is over the {limit} byte limit")
    job = m.Job(workspace_id=access.workspace_id, storyboard_asset_id=asset.id, storyboard_version=version.number,
                storyboard=storyboard, max_attempts=request.app.state.settings.max_attempts,
                created_by=access.user.id)
    db.add(job)
    db.commit()
    return job_out(job)


def _job(db, workspace_id: int, job_id: int) -> m.Job:
    job = db.scalar(select(m.Job).where(m.Job.id == job_id, m.Job.workspace_id == workspace_id))
    if job is None:
        raise HTTPException(404, "job not found")
    return job


@router.get("/jobs")
def list_jobs(access: Annotated[Access, Depends(allow("render.read"))], db: Db) -> list[JobOut]:
    rows = db.scalars(select(m.Job).where(m.Job.workspace_id == access.workspace_id)
                      .order_by(m.Job.id.desc()).limit(200))
    return [job_out(j) for j in rows]


@router.get("/jobs/{job_id}")
def get_job(job_id: Id, access: Annotated[Access, Depends(allow("render.read"))], db: Db) -> JobOut:
    return job_out(_job(db, access.workspace_id, job_id))


@router.post("/jobs/{job_id}/cancel")
def cancel_job(job_id: Id, access: Annotated[Access, Depends(allow("render.cancel"))], db: Db) -> JobOut:
    job = _job(db, access.workspace_id, job_id)
    queue.cancel(db, job)
    db.commit()
    return job_out(job)


@router.get("/jobs/{job_id}/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
def job_events(job_id: Id, request: Request, access: Annotated[Access, Depends(allow("render.read"))], db: Db):
    """Server-sent events: a `progress` event whenever the job changes, ending with its final state."""
    _job(db, access.workspace_id, job_id)
    sessions = request.app.state.read_sessions

    def snapshot() -> JobOut:
        with sessions() as fresh:
            return job_out(_job(fresh, access.workspace_id, job_id))

    async def stream():
        last = None
        while True:
            job = await run_in_threadpool(snapshot)
            if job != last:
                last = job
                yield f"event: progress\ndata: {json.dumps(job.model_dump())}\n\n"
            if job.state in TERMINAL or await request.is_disconnected():
                return
            await asyncio.sleep(EVENT_POLL_S)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
