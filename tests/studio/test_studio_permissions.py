"""The permission matrix, exhaustively: every API route (read from the app, so a new route
cannot escape) × every role (owner, editor, viewer, non-member) × own, foreign and mixed
workspaces. Allowed calls succeed (2xx), forbidden roles get 403, and anything of a workspace
the caller is not a member of is 404, so its existence never leaks."""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from cinemotion.studio import create_app
from cinemotion.studio import models as m
from cinemotion.studio.assets import create_asset, store_file
from cinemotion.studio.deps import MATRIX, api_routes, permission_of
from cinemotion.studio.security import digest
from studio_support import make_settings

ROLES = ("owner", "editor", "viewer", "none")
BVH = ("HIERARCHY\nROOT Hips\n{\n OFFSET 0 0 0\n CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation "
       "Xrotation\n End Site\n {\n  OFFSET 0 1 0\n }\n}\nMOTION\nFrames: 1\nFrame Time: 0.033333\n0 0 0 0 0 0\n")
STORYBOARD = {"title": "t", "fps": 12, "width": 160, "height": 90, "shots": [{"duration_s": 1.0}]}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class World:
    """One workspace with one of everything a route can name."""

    workspace_id: int
    asset_id: int
    storyboard_id: int
    job_id: int
    share_id: int
    user_id: int  # a member other than the caller
    number: int = 1
    name: str = "face.png"


class Fixtures:
    def __init__(self, app, client: TestClient):
        self.app, self.client = app, client
        self.users: dict[str, tuple[int, str, int]] = {}  # role -> (user id, bearer token, token id)
        with app.state.write_sessions() as db:
            for who in (*ROLES, "other", "extra", "newcomer"):
                user = m.User(email=f"{who}@studio.test", name=who, password_hash=app.state.passwords.hash("pw-12345678"))
                db.add(user)
                db.flush()
                token = f"cm_token-of-{who}"
                row = m.ApiToken(user_id=user.id, name="t", token_hash=digest(token), prefix=token[:10])
                db.add(row)
                db.flush()
                self.users[who] = (user.id, token, row.id)
            db.commit()
        self.image = self.app.state.storage.put_file  # bound for world building
        self.counter = itertools.count()

    def headers(self, role: str) -> dict:
        return {"Authorization": f"Bearer {self.users[role][1]}"}

    def world(self, members: dict[str, str], member: str = "extra") -> World:
        """A fresh workspace (member role by user key), its assets, a finished job and a share."""
        with self.app.state.write_sessions() as db:
            workspace = m.Workspace(name=f"w{next(self.counter)}")
            for who, role in members.items():
                workspace.members.append(m.Membership(user_id=self.users[who][0], role=role))
            target = m.Workspace(name="share target")
            db.add_all([workspace, target])
            db.flush()
            path = self.app.state.settings.scratch_dir / "face.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png())
            image = store_file(self.app.state.storage, path, "face.png", "image/png")
            owner = self.users["other"][0]
            character = create_asset(db, workspace.id, "character", "Mara",
                                     {"id": "mara", "reference_images": ["face.png"]}, owner, files=[image])
            storyboard = create_asset(db, workspace.id, "storyboard", "S", STORYBOARD, owner)
            job = m.Job(workspace_id=workspace.id, storyboard_asset_id=storyboard.id, storyboard_version=1,
                        storyboard=STORYBOARD, state="done", stage="done")
            copy = create_asset(db, target.id, "character", "Mara", {"id": "mara"}, owner)
            db.add(job)
            db.flush()
            share = m.Share(source_workspace_id=workspace.id, source_asset_id=character.id, source_version=1,
                            target_workspace_id=target.id, copy_asset_id=copy.id)
            db.add(share)
            db.flush()
            world = World(workspace.id, character.id, storyboard.id, job.id, share.id, self.users[member][0])
            db.commit()
        return world

    def spare_token(self, role: str) -> int:
        """A second token of the caller's, to revoke without losing the one the test uses."""
        with self.app.state.write_sessions() as db:
            row = m.ApiToken(user_id=self.users[role][0], name="spare", token_hash=digest(f"spare{next(self.counter)}"),
                             prefix="spare")
            db.add(row)
            db.commit()
            return row.id

    def share_target(self, role: str) -> int:
        """A workspace where the caller is an editor, to share into."""
        with self.app.state.write_sessions() as db:
            workspace = m.Workspace(name="mine")
            workspace.members.append(m.Membership(user_id=self.users[role][0], role="editor"))
            db.add(workspace)
            db.commit()
            return workspace.id


def request_for(route, method: str, fx: Fixtures, role: str, ids: World, other: World):
    """Method, URL and body of a good request to `route` for this caller."""
    values = {"workspace_id": ids.workspace_id, "asset_id": other.asset_id, "number": other.number,
              "name": other.name, "job_id": other.job_id, "share_id": other.share_id, "user_id": other.user_id,
              "token_id": fx.spare_token(role)}
    if route.path.endswith("/renders") or "/assets/{asset_id}" in route.path and method == "PUT":
        values["asset_id"] = other.storyboard_id
    url = re.sub(r"\{(\w+)(:\w+)?\}", lambda match: str(values[match.group(1)]), route.path)
    n = next(fx.counter)
    bodies = {
        ("POST", "/api/auth/signup"): {"json": {"email": f"new{n}@studio.test", "password": "pw-12345678",
                                                "name": "New"}},
        ("POST", "/api/auth/login"): {"json": {"email": "other@studio.test", "password": "pw-12345678"}},
        ("POST", "/api/tokens"): {"json": {"name": "ci"}},
        ("POST", "/api/workspaces"): {"json": {"name": "new"}},
        ("PATCH", "/api/workspaces/{workspace_id}"): {"json": {"name": "renamed"}},
        ("POST", "/api/workspaces/{workspace_id}/members"): {"json": {"email": "newcomer@studio.test",
                                                                      "role": "viewer"}},
        ("PATCH", "/api/workspaces/{workspace_id}/members/{user_id}"): {"json": {"role": "editor"}},
        ("POST", "/api/workspaces/{workspace_id}/assets"): {"json": {"kind": "character", "name": "C",
                                                                     "data": {"id": f"c{n}"}}},
        ("POST", "/api/workspaces/{workspace_id}/motions"): {"files": {"file": ("walk.bvh", BVH)}},
        ("PUT", "/api/workspaces/{workspace_id}/assets/{asset_id}"): {"json": {"data": STORYBOARD}},
        ("POST", "/api/workspaces/{workspace_id}/assets/{asset_id}/images"): {"files": {"file": ("f.png", png())}},
        ("POST", "/api/workspaces/{workspace_id}/assets/{asset_id}/share"): {
            "json": {"target_workspace_id": fx.share_target(role) if role in fx.users else 1}},
        ("POST", "/api/workspaces/{workspace_id}/renders"): {"json": {"storyboard_asset_id": values["asset_id"]}},
        ("POST", "/api/coach"): {"json": {"text": "a man walks toward the camera"}},
        ("POST", "/api/parse"): {"json": {"text": "a man walks toward the camera"}},
    }
    return url, bodies.get((method, route.path), {})


def routes(app):
    for route in api_routes(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            yield route, method


@pytest.fixture(scope="module")
def fx(tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("matrix")))
    with TestClient(app) as client:
        yield Fixtures(app, client)


def test_every_route_declares_one_known_permission(fx):
    known = set(MATRIX) | {"public", "account"}
    for route, method in routes(fx.app):
        declared = permission_of(route)
        assert len(declared) == 1 and declared[0] in known, \
            f"{method} {route.path} declares {declared}; every route needs exactly one of {sorted(known)}"


def test_matrix_on_every_route(fx):
    checked = 0
    for route, method in routes(fx.app):
        action = permission_of(route)[0]
        for role in ROLES:
            for where in ("own", "foreign", "mixed"):
                if action in ("public", "account") and where != "own":
                    continue
                # Fresh workspaces for every call: deleting routes must not spoil the next case.
                own = fx.world({**{r: r for r in ROLES if r != "none"}, "extra": "viewer"})
                foreign = fx.world({"other": "owner"}, member="other")
                ids, other = {"own": (own, own), "foreign": (foreign, foreign), "mixed": (own, foreign)}[where]
                url, body = request_for(route, method, fx, role, ids, other)
                response = fx.client.request(method, url, headers=fx.headers(role), **body)
                expected = expectation(action, role, where, route)
                got = response.status_code
                ok = (200 <= got < 300) if expected == "2xx" else got == expected
                assert ok, (f"{method} {route.path} as {role} in {where} workspace ({action}): HTTP {got}, "
                            f"expected {expected}: {response.text[:200]}")
                checked += 1
    print(f"\npermission matrix: {checked} calls checked")
    assert checked > 300, checked


def expectation(action: str, role: str, where: str, route) -> int | str:
    if action in ("public", "account"):
        return "2xx"
    if role == "none" or where == "foreign":
        return 404
    if role not in MATRIX[action]:
        return 403
    # A route naming another record (in its path, or the storyboard of a render) must not reach
    # into a workspace the caller is not a member of.
    names_another_record = route.path.count("{") > 1 or route.path.endswith("/renders")
    return 404 if where == "mixed" and names_another_record else "2xx"


def test_unauthenticated_calls_are_refused(fx):
    for route, method in routes(fx.app):
        if permission_of(route)[0] == "public":
            continue
        url, body = request_for(route, method, fx, "owner", fx.world({"owner": "owner"}),
                                fx.world({"owner": "owner"}))
        response = fx.client.request(method, url, **body)
        assert response.status_code == 401, f"{method} {route.path} without credentials: {response.status_code}"


def test_revoked_token_is_refused(fx):
    headers = fx.headers("viewer")
    assert fx.client.get("/api/auth/me", headers=headers).status_code == 200
    with fx.app.state.write_sessions() as db:
        db.get(m.ApiToken, fx.users["viewer"][2]).revoked_at = m.now()
        db.commit()
    assert fx.client.get("/api/auth/me", headers=headers).status_code == 401
    with fx.app.state.write_sessions() as db:
        db.get(m.ApiToken, fx.users["viewer"][2]).revoked_at = None
        db.commit()


def test_another_users_token_is_not_found(fx):
    victim = fx.spare_token("other")
    response = fx.client.delete(f"/api/tokens/{victim}", headers=fx.headers("owner"))
    assert response.status_code == 404, response.text
