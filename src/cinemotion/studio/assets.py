"""Assets and their versions: create, revise, attach files, share to another workspace, revoke."""

from __future__ import annotations

from pathlib import Path

from fastapi import HTTPException
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cinemotion.errors import InputError
from cinemotion.spec import Character, storyboard_from_dict
from cinemotion.studio import models as m
from cinemotion.studio.sources import check_references
from cinemotion.studio.storage import Storage


def validate_data(kind: str, data: dict) -> dict:
    """Characters and storyboards are checked against the spec; errors name the field."""
    if kind == "character":
        try:
            return Character.model_validate(data).model_dump(mode="json")
        except ValidationError as err:
            first = err.errors()[0]
            raise InputError("data." + ".".join(str(p) for p in first["loc"]), first["msg"]) from None
    if kind == "storyboard":
        storyboard = storyboard_from_dict(data).model_dump(mode="json")
        check_references(storyboard)
        return storyboard
    return data


def get_asset(db: Session, workspace_id: int, asset_id: int, *, lock: bool = False) -> m.Asset:
    """The live asset `asset_id` of this workspace, else 404 (another workspace's id is not found)."""
    query = select(m.Asset).where(m.Asset.id == asset_id, m.Asset.workspace_id == workspace_id,
                                  m.Asset.deleted_at.is_(None))
    asset = db.scalar(query.with_for_update() if lock else query)
    if asset is None:
        raise HTTPException(404, "asset not found")
    return asset


def get_version(db: Session, asset: m.Asset, number: int | None = None) -> m.AssetVersion:
    number = asset.latest_version if number is None else number
    version = db.scalar(select(m.AssetVersion).where(m.AssetVersion.asset_id == asset.id,
                                                     m.AssetVersion.number == number))
    if version is None:
        raise HTTPException(404, "version not found")
    return version


def create_asset(db: Session, workspace_id: int, kind: str, name: str, data: dict, user_id: int | None,
                 files: list[m.AssetFile] | None = None, note: str = "created", **origin) -> m.Asset:
    """A new asset with version 1; `origin` sets origin_asset_id/origin_workspace_id/render_job_id."""
    asset = m.Asset(workspace_id=workspace_id, kind=kind, name=name, created_by=user_id, latest_version=0,
                    **origin)
    db.add(asset)
    db.flush()
    add_version(db, asset, data, user_id, note=note, files=files)
    return asset


def add_version(db: Session, asset: m.Asset, data: dict, user_id: int | None, note: str = "",
                files: list[m.AssetFile] | None = None) -> m.AssetVersion:
    """A new version = new data + the files given (default: the previous version's files carried over)."""
    previous = get_version(db, asset) if asset.latest_version else None
    if files is None:
        files = [] if previous is None else [_copy_file(f) for f in previous.files]
    asset.latest_version += 1
    asset.updated_at = m.now()
    version = m.AssetVersion(asset_id=asset.id, number=asset.latest_version, data=data, note=note[:200],
                             created_by=user_id, files=files)
    db.add(version)
    db.flush()
    return version


def _copy_file(f: m.AssetFile) -> m.AssetFile:
    # Blobs are content-addressed, so a copy is a new row naming the same bytes.
    return m.AssetFile(name=f.name, media_type=f.media_type, size=f.size, sha256=f.sha256, blob_key=f.blob_key)


def store_file(storage: Storage, source: Path, name: str, media_type: str) -> m.AssetFile:
    key, sha, size = storage.put_file(source)
    return m.AssetFile(name=name, media_type=media_type, size=size, sha256=sha, blob_key=key)


def attach_reference_image(db: Session, asset: m.Asset, image: m.AssetFile, user_id: int) -> m.AssetVersion:
    """A new character version with the image added to its files and to `reference_images`."""
    version = get_version(db, asset)
    data = dict(version.data)
    images = list(data.get("reference_images", []))
    if image.name in images or any(f.name == image.name for f in version.files):
        raise InputError("file", f"{image.name} is already a file of this character")
    if len(images) >= 4:
        raise InputError("file", "a character has at most 4 reference images")
    data["reference_images"] = images + [image.name]
    files = [_copy_file(f) for f in version.files] + [image]
    return add_version(db, asset, validate_data("character", data), user_id, note=f"image {image.name}",
                       files=files)


def share(db: Session, asset: m.Asset, target_workspace_id: int, user_id: int) -> m.Share:
    """Copy the asset's latest version into the target workspace, recording where it came from."""
    if target_workspace_id == asset.workspace_id:
        raise InputError("target_workspace_id", "the asset is already in this workspace")
    version = get_version(db, asset)
    copy = create_asset(db, target_workspace_id, asset.kind, asset.name, dict(version.data), user_id,
                        files=[_copy_file(f) for f in version.files],
                        note=f"shared from asset {asset.id} v{version.number}",
                        origin_asset_id=asset.id, origin_workspace_id=asset.workspace_id)
    record = m.Share(source_workspace_id=asset.workspace_id, source_asset_id=asset.id,
                     source_version=version.number, target_workspace_id=target_workspace_id,
                     copy_asset_id=copy.id, created_by=user_id)
    db.add(record)
    db.flush()
    return record


def revoke(db: Session, record: m.Share) -> None:
    """Withdraw a share: the copy leaves the target workspace (its history stays for audit)."""
    if record.revoked_at is None:
        record.revoked_at = m.now()
        copy = db.get(m.Asset, record.copy_asset_id)
        if copy is not None and copy.deleted_at is None:
            copy.deleted_at = record.revoked_at
