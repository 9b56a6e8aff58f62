"""Workspaces and their members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import func, select

from cinemotion.errors import InputError
from cinemotion.studio import models as m
from cinemotion.studio.deps import Access, Db, Id, account, allow
from cinemotion.studio.schemas import MemberAdd, MemberOut, MemberUpdate, WorkspaceCreate, WorkspaceOut

router = APIRouter(prefix="/api/workspaces", tags=["workspaces"])


@router.get("")
def list_workspaces(user: Annotated[m.User, Depends(account)], db: Db) -> list[WorkspaceOut]:
    rows = db.execute(select(m.Workspace, m.Membership.role).join(m.Membership)
                      .where(m.Membership.user_id == user.id).order_by(m.Workspace.id))
    return [WorkspaceOut(id=w.id, name=w.name, role=role) for w, role in rows]


@router.post("", status_code=201)
def create_workspace(body: WorkspaceCreate, user: Annotated[m.User, Depends(account)], db: Db) -> WorkspaceOut:
    workspace = m.Workspace(name=body.name)
    workspace.members.append(m.Membership(user_id=user.id, role="owner"))
    db.add(workspace)
    db.commit()
    return WorkspaceOut(id=workspace.id, name=workspace.name, role="owner")


@router.get("/{workspace_id}")
def get_workspace(access: Annotated[Access, Depends(allow("workspace.read"))], db: Db) -> WorkspaceOut:
    workspace = db.get(m.Workspace, access.workspace_id)
    return WorkspaceOut(id=workspace.id, name=workspace.name, role=access.role)


@router.patch("/{workspace_id}")
def rename_workspace(body: WorkspaceCreate, access: Annotated[Access, Depends(allow("workspace.manage"))],
                     db: Db) -> WorkspaceOut:
    workspace = db.get(m.Workspace, access.workspace_id)
    workspace.name = body.name
    db.commit()
    return WorkspaceOut(id=workspace.id, name=workspace.name, role=access.role)


@router.delete("/{workspace_id}", status_code=204)
def delete_workspace(access: Annotated[Access, Depends(allow("workspace.delete"))], db: Db) -> None:
    db.delete(db.get(m.Workspace, access.workspace_id))
    db.commit()


def _members(db, workspace_id: int) -> list[MemberOut]:
    rows = db.execute(select(m.Membership, m.User).join(m.User).where(m.Membership.workspace_id == workspace_id)
                      .order_by(m.User.id))
    return [MemberOut(user_id=u.id, email=u.email, name=u.name, role=ms.role) for ms, u in rows]


@router.get("/{workspace_id}/members")
def list_members(access: Annotated[Access, Depends(allow("members.read"))], db: Db) -> list[MemberOut]:
    return _members(db, access.workspace_id)


@router.post("/{workspace_id}/members", status_code=201)
def add_member(body: MemberAdd, access: Annotated[Access, Depends(allow("members.manage"))],
               db: Db) -> list[MemberOut]:
    user = db.scalar(select(m.User).where(m.User.email == body.email))
    if user is None:
        raise InputError("email", f"no account uses {body.email}; ask them to sign up first")
    membership = db.scalar(select(m.Membership).where(m.Membership.workspace_id == access.workspace_id,
                                                      m.Membership.user_id == user.id))
    if membership is not None:
        raise HTTPException(409, f"{body.email} is already a {membership.role} here")
    db.add(m.Membership(workspace_id=access.workspace_id, user_id=user.id, role=body.role))
    db.commit()
    return _members(db, access.workspace_id)


def _membership(db, workspace_id: int, user_id: int) -> m.Membership:
    membership = db.scalar(select(m.Membership).where(m.Membership.workspace_id == workspace_id,
                                                      m.Membership.user_id == user_id))
    if membership is None:
        raise HTTPException(404, "member not found")
    return membership


def _keep_an_owner(db, membership: m.Membership, new_role: str | None) -> None:
    if membership.role == "owner" and new_role != "owner":
        owners = db.scalar(select(func.count()).select_from(m.Membership).where(
            m.Membership.workspace_id == membership.workspace_id, m.Membership.role == "owner"))
        if owners <= 1:
            raise InputError("role", "a workspace keeps at least one owner")


@router.patch("/{workspace_id}/members/{user_id}")
def change_role(user_id: Id, body: MemberUpdate, access: Annotated[Access, Depends(allow("members.manage"))],
                db: Db) -> list[MemberOut]:
    membership = _membership(db, access.workspace_id, user_id)
    _keep_an_owner(db, membership, body.role)
    membership.role = body.role
    db.commit()
    return _members(db, access.workspace_id)


@router.delete("/{workspace_id}/members/{user_id}", status_code=204)
def remove_member(user_id: Id, access: Annotated[Access, Depends(allow("members.manage"))], db: Db) -> None:
    membership = _membership(db, access.workspace_id, user_id)
    _keep_an_owner(db, membership, None)
    db.delete(membership)
    db.commit()
