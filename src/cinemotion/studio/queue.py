"""The render queue is the `jobs` table. A worker claims a job atomically (row lock with
SKIP LOCKED on PostgreSQL; the single write lock of BEGIN IMMEDIATE on SQLite), holds it by
renewing a lease, and finishes it only while its lease token is still the job's: a worker
that was presumed dead and replaced can never mark the job done a second time."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from cinemotion.studio import models as m
from cinemotion.studio.db import is_sqlite, sessions


@dataclass(frozen=True)
class Claim:
    job_id: int
    workspace_id: int
    token: str
    attempt: int
    storyboard: dict


def _claimable(now: float):
    return or_(m.Job.state == "queued",
               and_(m.Job.state == "running", m.Job.lease_expires_at < now))  # its worker stopped renewing


def claim(engine: Engine, worker: str, lease_s: float) -> Claim | None:
    """Take the oldest claimable job for `worker`, or None when there is none."""
    with sessions(engine, write=True)() as db:
        while True:
            now = m.now()
            query = select(m.Job).where(_claimable(now)).order_by(m.Job.created_at, m.Job.id).limit(1)
            if not is_sqlite(engine):
                query = query.with_for_update(skip_locked=True)
            job = db.scalar(query)
            if job is None:
                db.commit()
                return None
            if job.cancel_requested:
                _settle(job, "cancelled", "cancelled")
            elif job.attempts >= job.max_attempts:
                _settle(job, "failed", "failed", f"gave up after {job.attempts} attempts (worker lost)")
            else:
                job.state, job.worker, job.stage = "running", worker[:100], "starting"
                job.attempts += 1
                job.lease_token = secrets.token_hex(16)
                job.lease_expires_at = now + lease_s
                job.started_at = job.started_at or now
                db.commit()
                return Claim(job.id, job.workspace_id, job.lease_token, job.attempts, job.storyboard)
            db.commit()


def _settle(job: m.Job, state: str, stage: str, error: str = "") -> None:
    job.state, job.stage, job.error = state, stage, error[:4000]
    job.lease_token = job.lease_expires_at = None
    job.finished_at = m.now()


def renew(engine: Engine, claim: Claim, lease_s: float, done: int, total: int, stage: str) -> str:
    """Extend the lease and record progress; says "ok", "cancel" (asked to stop) or "lost"."""
    with sessions(engine, write=True)() as db:
        changed = db.execute(
            update(m.Job).where(m.Job.id == claim.job_id, m.Job.lease_token == claim.token,
                                m.Job.state == "running")
            .values(lease_expires_at=m.now() + lease_s, progress_done=done, progress_total=total,
                    stage=stage[:100])).rowcount
        cancel = db.scalar(select(m.Job.cancel_requested).where(m.Job.id == claim.job_id))
        db.commit()
    if not changed:
        return "lost"
    return "cancel" if cancel else "ok"


def owned(db: Session, claim: Claim) -> m.Job | None:
    """The job, locked, if this claim still holds it."""
    query = select(m.Job).where(m.Job.id == claim.job_id, m.Job.lease_token == claim.token,
                                m.Job.state == "running")
    return db.scalar(query if is_sqlite(db.get_bind()) else query.with_for_update())


def release(engine: Engine, claim: Claim, *, error: str, retry: bool, refund: bool = False) -> None:
    """Give a job back after a failure: queued again while attempts remain, else failed.
    `refund`: the worker was stopped (a studio restart), which is no fault of the job's: queued
    again without spending an attempt."""
    with sessions(engine, write=True)() as db:
        job = owned(db, claim)
        if job is not None:
            if job.cancel_requested:
                _settle(job, "cancelled", "cancelled")
            elif refund:
                job.state, job.stage, job.error = "queued", "queued", error[:4000]
                job.attempts = max(job.attempts - 1, 0)
                job.lease_token = job.lease_expires_at = None
                job.worker = None
            elif retry and job.attempts < job.max_attempts:
                job.state, job.stage, job.error = "queued", "retrying", error[:4000]
                job.lease_token = job.lease_expires_at = None
                job.worker = None
            else:
                _settle(job, "failed", "failed", error)
        db.commit()


def cancel(db: Session, job: m.Job) -> None:
    """Queued jobs stop at once; a running job's worker sees the request at its next heartbeat."""
    if job.state == "queued":
        _settle(job, "cancelled", "cancelled")
    elif job.state == "running":
        job.cancel_requested = True


def finish(db: Session, job: m.Job, result_asset_id: int, total: int) -> None:
    _settle(job, "done", "done")
    job.result_asset_id = result_asset_id
    job.progress_done = job.progress_total = max(total, 1)
