"""Assets of a workspace: characters (with reference images), motions (BVH), storyboards and
renders; their versions and files; sharing to another workspace and revoking it."""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from cinemotion.errors import InputError
from cinemotion.studio import assets as library
from cinemotion.studio import models as m
from cinemotion.studio.deps import MAX_ID, Access, Db, Id, Store, allow, allow_before_body, in_read_slot, in_write_slot
from cinemotion.studio.schemas import AssetCreate, AssetOut, AssetUpdate, FileOut, ShareCreate, ShareOut, VersionOut
from cinemotion.studio.uploads import display_name, receive_form, sniff_bvh, sniff_image

router = APIRouter(prefix="/api/workspaces/{workspace_id}", tags=["assets"])
Kind = Literal["character", "motion", "storyboard", "render"]
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def version_out(asset: m.Asset, version: m.AssetVersion) -> VersionOut:
    base = f"/api/workspaces/{asset.workspace_id}/assets/{asset.id}/versions/{version.number}/files/"
    return VersionOut(number=version.number, note=version.note, created_at=version.created_at, data=version.data,
                      files=[FileOut(name=f.name, media_type=f.media_type, size=f.size, sha256=f.sha256,
                                     url=base + f.name) for f in version.files])


def asset_out(db, asset: m.Asset, version: m.AssetVersion | None = None) -> AssetOut:
    version = version or library.get_version(db, asset)
    return AssetOut(id=asset.id, workspace_id=asset.workspace_id, kind=asset.kind, name=asset.name,
                    latest_version=asset.latest_version, origin_asset_id=asset.origin_asset_id,
                    origin_workspace_id=asset.origin_workspace_id, created_at=asset.created_at,
                    updated_at=asset.updated_at, latest=version_out(asset, version))


@router.get("/assets")
def list_assets(access: Annotated[Access, Depends(allow("asset.read"))], db: Db, kind: Optional[Kind] = None,
                limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_ID)) -> list[AssetOut]:
    """Newest first, `limit` at a time."""
    # One query for the assets with their latest versions, one for those versions' files.
    query = (select(m.Asset, m.AssetVersion)
             .join(m.AssetVersion, and_(m.AssetVersion.asset_id == m.Asset.id,
                                        m.AssetVersion.number == m.Asset.latest_version))
             .where(m.Asset.workspace_id == access.workspace_id, m.Asset.deleted_at.is_(None))
             .options(selectinload(m.AssetVersion.files)))
    if kind:
        query = query.where(m.Asset.kind == kind)
    rows = db.execute(query.order_by(m.Asset.updated_at.desc(), m.Asset.id.desc()).limit(limit).offset(offset))
    return [asset_out(db, asset, version) for asset, version in rows]


@router.post("/assets", status_code=201)
def create_asset(body: AssetCreate, access: Annotated[Access, Depends(allow("asset.write"))], db: Db) -> AssetOut:
    """A character (spec.Character fields) or a storyboard (spec.Storyboard)."""
    data = library.validate_data(body.kind, body.data)
    asset = library.create_asset(db, access.workspace_id, body.kind, body.name, data, access.user.id)
    db.commit()
    return asset_out(db, asset)


def upload_body(*fields: str) -> dict:
    """The OpenAPI request body of an upload route (its form is read by the route, after the permission check)."""
    properties = {"file": {"type": "string", "format": "binary"}}
    properties.update({name: {"type": "string", "maxLength": 120} for name in fields})
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "properties": properties, "required": ["file"]}}}}}


async def _receive_checked(request: Request, sniff, fields: tuple[str, ...] = ()):
    """The uploaded file (sniffed) and text fields; called only once the caller may write here."""
    settings = request.app.state.settings
    received = await receive_form(request, settings.scratch_dir / "uploads", settings.max_upload_bytes, fields)
    try:
        return received, await run_in_threadpool(sniff, received.path)
    except BaseException:
        received.path.unlink(missing_ok=True)
        raise


@router.post("/motions", status_code=201, openapi_extra=upload_body("name"))
async def upload_motion(request: Request, access: Annotated[Access, Depends(allow_before_body("asset.write"))],
                        storage: Store) -> AssetOut:
    """A motion capture clip (BVH), checked by content, not by its name; form fields `file` and `name`."""
    received, sniffed = await _receive_checked(request, sniff_bvh, ("name",))
    display = display_name(received.filename, ".bvh", "motion")
    name = received.fields.get("name") or display
    try:
        if len(name) > 120 or CONTROL.search(name):
            raise InputError("name", "at most 120 characters, without control characters")
        record = await run_in_threadpool(library.store_file, storage, received.path, display, sniffed.media_type)
    finally:
        received.path.unlink(missing_ok=True)
    return await in_write_slot(request, _create_motion, access, name.strip()[:200] or display, display, record)


def _create_motion(db, access: Access, name: str, filename: str, record) -> AssetOut:
    asset = library.create_asset(db, access.workspace_id, "motion", name, {"file": filename}, access.user.id,
                                 files=[record])
    db.commit()
    return asset_out(db, asset)


@router.get("/assets/{asset_id}")
def get_asset(asset_id: Id, access: Annotated[Access, Depends(allow("asset.read"))], db: Db) -> AssetOut:
    return asset_out(db, library.get_asset(db, access.workspace_id, asset_id))


@router.put("/assets/{asset_id}")
def revise_asset(asset_id: Id, body: AssetUpdate, access: Annotated[Access, Depends(allow("asset.write"))],
                 db: Db) -> AssetOut:
    """A new version with new data (files carry over) and/or a new name."""
    asset = library.get_asset(db, access.workspace_id, asset_id, lock=True)
    if body.name:
        asset.name = body.name
    if body.data is not None:
        if asset.kind not in ("character", "storyboard"):
            raise HTTPException(409, f"a {asset.kind}'s data is not edited; upload a new one")
        data = library.validate_data(asset.kind, body.data)
        if asset.kind == "character":  # reference images are files of the version, not free text
            data["reference_images"] = library.get_version(db, asset).data.get("reference_images", [])
        library.add_version(db, asset, data, access.user.id, note=body.note or "edited")
    db.commit()
    return asset_out(db, asset)


@router.delete("/assets/{asset_id}", status_code=204)
def delete_asset(asset_id: Id, access: Annotated[Access, Depends(allow("asset.delete"))], db: Db) -> None:
    library.get_asset(db, access.workspace_id, asset_id).deleted_at = m.now()
    db.commit()


@router.post("/assets/{asset_id}/images", status_code=201, openapi_extra=upload_body())
async def add_reference_image(asset_id: Id, request: Request,
                              access: Annotated[Access, Depends(allow_before_body("asset.write"))],
                              storage: Store) -> AssetOut:
    """A reference image (PNG, JPEG or WebP) for a character, form field `file`; makes a new version."""
    kind = await in_read_slot(request, lambda db: library.get_asset(db, access.workspace_id, asset_id).kind)
    if kind != "character":
        raise HTTPException(409, "reference images belong to characters")
    max_pixels = request.app.state.settings.max_image_pixels
    received, sniffed = await _receive_checked(request, lambda p: sniff_image(p, max_pixels))
    try:
        record = await run_in_threadpool(library.store_file, storage, received.path,
                                         display_name(received.filename, sniffed.extension, "image"),
                                         sniffed.media_type)
    finally:
        received.path.unlink(missing_ok=True)
    return await in_write_slot(request, _attach_image, access, asset_id, record)


def _attach_image(db, access: Access, asset_id: int, record) -> AssetOut:
    asset = library.get_asset(db, access.workspace_id, asset_id, lock=True)
    if asset.kind != "character":  # re-checked in the writing transaction
        raise HTTPException(409, "reference images belong to characters")
    library.attach_reference_image(db, asset, record, access.user.id)
    db.commit()
    return asset_out(db, asset)


@router.get("/assets/{asset_id}/versions")
def list_versions(asset_id: Id, access: Annotated[Access, Depends(allow("asset.read"))], db: Db) -> list[VersionOut]:
    asset = library.get_asset(db, access.workspace_id, asset_id)
    return [version_out(asset, v) for v in asset.versions]


@router.get("/assets/{asset_id}/versions/{number}/files/{name:path}",
            response_class=StreamingResponse, responses={200: {"content": {"application/octet-stream": {}}}})
def download_file(asset_id: Id, number: Id, name: str, access: Annotated[Access, Depends(allow("asset.read"))],
                  db: Db, storage: Store):
    version = library.get_version(db, library.get_asset(db, access.workspace_id, asset_id), number)
    record = next((f for f in version.files if f.name == name), None)
    if record is None:
        raise HTTPException(404, "file not found")
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=31536000, immutable",
               "ETag": f'"{record.sha256}"'}
    local = storage.local_path(record.blob_key)
    if local is not None:  # FileResponse serves byte ranges, which video seeking needs
        return FileResponse(local, media_type=record.media_type, headers=headers)
    return StreamingResponse(storage.open(record.blob_key), media_type=record.media_type, headers=headers)


@router.post("/assets/{asset_id}/share", status_code=201)
def share_asset(asset_id: Id, body: ShareCreate, access: Annotated[Access, Depends(allow("asset.share"))],
                db: Db) -> ShareOut:
    """Copy the asset into another workspace where you are at least an editor; the copy records its origin."""
    role = db.scalar(select(m.Membership.role).where(m.Membership.workspace_id == body.target_workspace_id,
                                                     m.Membership.user_id == access.user.id))
    if role is None:
        raise HTTPException(404, "target workspace not found")
    if role not in ("owner", "editor"):
        raise HTTPException(403, f"you are a {role} of the target workspace; sharing needs editor or owner")
    record = library.share(db, library.get_asset(db, access.workspace_id, asset_id), body.target_workspace_id,
                           access.user.id)
    db.commit()
    return ShareOut.model_validate(record, from_attributes=True)


@router.get("/shares")
def list_shares(access: Annotated[Access, Depends(allow("asset.read"))], db: Db,
                active: bool = Query(True, description="only shares not revoked")) -> list[ShareOut]:
    """Shares from this workspace and into it."""
    query = select(m.Share).where(or_(m.Share.source_workspace_id == access.workspace_id,
                                      m.Share.target_workspace_id == access.workspace_id))
    if active:
        query = query.where(m.Share.revoked_at.is_(None))
    return [ShareOut.model_validate(s, from_attributes=True) for s in db.scalars(query.order_by(m.Share.id))]


@router.delete("/shares/{share_id}", status_code=204)
def revoke_share(share_id: Id, access: Annotated[Access, Depends(allow("asset.share"))], db: Db) -> None:
    """Revoke a share made from this workspace: the copy leaves the other workspace."""
    record = db.scalar(select(m.Share).where(m.Share.id == share_id,
                                             m.Share.source_workspace_id == access.workspace_id))
    if record is None:
        raise HTTPException(404, "share not found")
    library.revoke(db, record)
    db.commit()
