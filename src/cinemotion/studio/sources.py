"""Transfer sources in the studio: a storyboard's `transfer` action names a motion asset of its
own workspace (`asset:<id>`), never a file on the server.

A stored storyboard may only hold references; a render pins each one to the bytes it names
(`asset:<id>@<blob key>`) when it is queued, and the worker copies those bytes into the job's
scratch folder just before rendering. Anything else is refused with the same sentence whether
or not such a path exists, so the refusal tells nothing about the server's disk.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinemotion.errors import InputError
from cinemotion.studio import models as m
from cinemotion.studio.storage import Storage

REFERENCE = re.compile(r"asset:([1-9][0-9]{0,9})")
PINNED = re.compile(r"(asset:[1-9][0-9]{0,9})@(sha256/[0-9a-f]{2}/[0-9a-f]{64})")
NOT_A_REFERENCE = ("a transfer source is a motion asset of this workspace, written asset:<id> "
                   "(upload the BVH under Motions); files on the server are not read")


def sourced_actions(storyboard: dict) -> Iterator[tuple[str, dict]]:
    """(field, action) for every action of a validated storyboard that names a source."""
    for i, shot in enumerate(storyboard.get("shots", [])):
        for j, actor in enumerate(shot.get("actors", [])):
            for k, action in enumerate(actor.get("actions", [])):
                if action.get("source") is not None:
                    yield f"shots.{i}.actors.{j}.actions.{k}.source", action


def check_references(storyboard: dict) -> None:
    """Every source of a storyboard to be stored is written as an asset reference."""
    for field, action in sourced_actions(storyboard):
        if not REFERENCE.fullmatch(str(action["source"])):
            raise InputError(field, NOT_A_REFERENCE)


def pin_sources(db: Session, workspace_id: int, storyboard: dict) -> dict:
    """The storyboard with each reference pinned to the file of that motion asset's latest version."""
    pinned = _copy(storyboard)
    for field, action in sourced_actions(pinned):
        match = REFERENCE.fullmatch(str(action["source"]))
        if match is None:
            raise InputError(field, NOT_A_REFERENCE)
        asset = db.scalar(select(m.Asset).where(m.Asset.id == int(match[1]), m.Asset.workspace_id == workspace_id,
                                                m.Asset.kind == "motion", m.Asset.deleted_at.is_(None)))
        version = asset and db.scalar(select(m.AssetVersion).where(m.AssetVersion.asset_id == asset.id,
                                                                   m.AssetVersion.number == asset.latest_version))
        if not version or not version.files:
            raise InputError(field, f"{match[0]} is not a motion asset of this workspace")
        action["source"] = f"{match[0]}@{version.files[0].blob_key}"
    return pinned


def fetch_sources(storage: Storage, storyboard: dict, folder: Path) -> tuple[dict, dict[str, str]]:
    """A job's storyboard with its pinned sources copied into `folder`, and each copy's path → reference
    (to name the asset, not the scratch path, in any error)."""
    local, names = _copy(storyboard), {}
    for field, action in sourced_actions(local):
        match = PINNED.fullmatch(str(action["source"]))
        if match is None:  # only the submit route writes jobs; anything else was never checked
            raise InputError(field, NOT_A_REFERENCE)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{match[2].rsplit('/', 1)[1][:16]}.bvh"
        if not path.exists():
            with storage.open(match[2]) as blob, open(path, "wb") as copy:
                shutil.copyfileobj(blob, copy)
        action["source"], names[str(path)] = str(path), match[1]
    return local, names


def _copy(storyboard: dict) -> dict:
    """A copy whose shots, actors and actions may be changed without touching the original."""
    return {**storyboard, "shots": [
        {**shot, "actors": [{**actor, "actions": [dict(a) for a in actor.get("actions", [])]}
                            for actor in shot.get("actors", [])]}
        for shot in storyboard.get("shots", [])]}
