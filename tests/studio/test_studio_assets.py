"""Assets through the API: versions, reference images, sharing with origin and revoking,
uploads checked by content (type sniffing, size limit, decompression bombs, hostile names),
and sign-in with session cookies guarded by CSRF."""

from __future__ import annotations

import io
import zlib
import struct

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from cinemotion.studio import create_app
from studio_support import make_settings, sign_up

from mocap_data import MOCAP as _MOCAP_DIR

MOCAP = str(_MOCAP_DIR / "cmu_131_01_start_walk_stop.bvh")


def png(width: int = 16, height: int = 16) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 30, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def bomb_png(side: int) -> bytes:
    """A PNG header claiming side×side pixels with a tiny compressed body (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 64, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.fixture
def studio(tmp_path, database_url):
    app = create_app(make_settings(tmp_path / "studio", database_url=database_url,
                                   max_upload_bytes=1_000_000, max_image_pixels=1_000_000))
    with TestClient(app) as client:
        alice = sign_up(client, "alice@studio.test")
        bob = sign_up(client, "bob@studio.test")
        home = client.get("/api/workspaces", headers=alice).json()[0]["id"]
        yield client, alice, bob, home
    app.state.engine.dispose()


def new_character(client, headers, workspace, char_id="mara"):
    response = client.post(f"/api/workspaces/{workspace}/assets", headers=headers,
                           json={"kind": "character", "name": char_id.title(), "data": {"id": char_id}})
    assert response.status_code == 201, response.text
    return response.json()


def test_versions_images_share_and_revoke(studio):
    client, alice, bob, home = studio
    api = f"/api/workspaces/{home}"
    mara = new_character(client, alice, home)
    revised = client.put(f"{api}/assets/{mara['id']}", headers=alice,
                         json={"data": {"id": "mara", "build": "athletic"}, "note": "fitter"}).json()
    assert revised["latest_version"] == 2 and revised["latest"]["data"]["build"] == "athletic"
    with_image = client.post(f"{api}/assets/{mara['id']}/images", headers=alice,
                             files={"file": ("../../etc/passwd.png", png(), "image/png")}).json()
    image = with_image["latest"]["files"][0]
    assert with_image["latest_version"] == 3
    assert image["name"] == "passwd.png" and with_image["latest"]["data"]["reference_images"] == ["passwd.png"]
    downloaded = client.get(image["url"], headers=alice)
    assert downloaded.content == png() and downloaded.headers["content-type"] == "image/png"
    versions = client.get(f"{api}/assets/{mara['id']}/versions", headers=alice).json()
    assert [v["number"] for v in versions] == [1, 2, 3] and versions[0]["data"]["build"] == "average"

    # Share into a workspace where Alice is an editor: a copy that records its origin
    team = client.post("/api/workspaces", headers=bob, json={"name": "team"}).json()["id"]
    bob_id = client.get("/api/auth/me", headers=bob).json()["id"]
    assert client.post(f"/api/workspaces/{team}/members", headers=bob,
                       json={"email": "alice@studio.test", "role": "viewer"}).status_code == 201
    refused = client.post(f"{api}/assets/{mara['id']}/share", headers=alice, json={"target_workspace_id": team})
    assert refused.status_code == 403, "a viewer of the target may not receive shares"
    alice_id = client.get("/api/auth/me", headers=alice).json()["id"]
    client.patch(f"/api/workspaces/{team}/members/{alice_id}", headers=bob, json={"role": "editor"})
    share = client.post(f"{api}/assets/{mara['id']}/share", headers=alice, json={"target_workspace_id": team})
    assert share.status_code == 201, share.text
    copy = client.get(f"/api/workspaces/{team}/assets/{share.json()['copy_asset_id']}", headers=bob).json()
    assert copy["origin_asset_id"] == mara["id"] and copy["origin_workspace_id"] == home
    assert copy["latest"]["data"]["build"] == "athletic"
    assert client.get(copy["latest"]["files"][0]["url"], headers=bob).content == png()
    assert bob_id != alice_id

    # Revoke: the copy leaves the target workspace; the original stays
    assert client.delete(f"{api}/shares/{share.json()['id']}", headers=alice).status_code == 204
    assert client.get(f"/api/workspaces/{team}/assets/{copy['id']}", headers=bob).status_code == 404
    assert client.get(f"/api/workspaces/{team}/assets", headers=bob).json() == []
    assert client.get(f"{api}/assets/{mara['id']}", headers=alice).status_code == 200


def test_uploads_are_checked_by_content(studio):
    client, alice, _, home = studio
    api = f"/api/workspaces/{home}"
    mara = new_character(client, alice, home)
    images = f"{api}/assets/{mara['id']}/images"
    cases = {
        "text named .png": (b"hello, not an image", 422),
        "GIF": (gif_bytes(), 422),
        "truncated PNG": (png(64, 64)[:60], 422),
        "decompression bomb": (bomb_png(20_000), 422),
        "over the size limit": (b"\x89PNG" + b"0" * 1_000_001, 413),
    }
    for what, (payload, expected) in cases.items():
        response = client.post(images, headers=alice, files={"file": ("x.png", payload, "image/png")})
        assert response.status_code == expected, f"{what}: HTTP {response.status_code} {response.text}"
    assert client.get(f"{api}/assets/{mara['id']}", headers=alice).json()["latest_version"] == 1
    for i in range(4):
        client.post(images, headers=alice, files={"file": (f"ref{i}.png", png(8 + i, 8), "image/png")})
    fifth = client.post(images, headers=alice, files={"file": ("ref5.png", png(30, 8), "image/png")})
    assert fifth.status_code == 422 and "at most 4" in fifth.json()["detail"]

    motion = client.post(f"{api}/motions", headers=alice,
                         files={"file": ("walk.bvh", open(MOCAP, "rb"), "application/octet-stream")})
    assert motion.status_code == 201, motion.text
    assert motion.json()["latest"]["files"][0]["name"] == "walk.bvh"
    not_bvh = client.post(f"{api}/motions", headers=alice, files={"file": ("walk.bvh", png(), "text/plain")})
    assert not_bvh.status_code == 422 and not_bvh.json()["field"] == "file"


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue()


def test_bad_definitions_name_the_field(studio):
    client, alice, _, home = studio
    response = client.post(f"/api/workspaces/{home}/assets", headers=alice,
                           json={"kind": "character", "name": "Tall", "data": {"id": "t", "height_m": 3.5}})
    assert response.status_code == 422 and response.json()["field"] == "data.height_m"
    response = client.post(f"/api/workspaces/{home}/assets", headers=alice,
                           json={"kind": "storyboard", "name": "S", "data": {"shots": []}})
    assert response.status_code == 422 and response.json()["field"] == "storyboard"


def test_session_cookie_needs_csrf_and_logout_ends_it(studio):
    client, _, _, home = studio
    login = client.post("/api/auth/login", json={"email": "alice@studio.test", "password": "correct horse"})
    assert login.status_code == 200
    csrf = login.json()["csrf_token"]
    assert client.cookies.get("cm_csrf") == csrf
    body = {"kind": "character", "name": "C", "data": {"id": "c"}}
    assert client.post(f"/api/workspaces/{home}/assets", json=body).status_code == 403
    assert client.post(f"/api/workspaces/{home}/assets", json=body,
                       headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post(f"/api/workspaces/{home}/assets", json=body,
                       headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401
    wrong = client.post("/api/auth/login", json={"email": "alice@studio.test", "password": "wrong password"})
    assert wrong.status_code == 401


def test_last_owner_stays(studio):
    client, alice, _, home = studio
    me = client.get("/api/auth/me", headers=alice).json()["id"]
    response = client.patch(f"/api/workspaces/{home}/members/{me}", headers=alice, json={"role": "viewer"})
    assert response.status_code == 422 and response.json()["field"] == "role"


def test_oversized_body_is_refused_before_reading(studio):
    client, alice, _, home = studio
    mara = new_character(client, alice, home)
    response = client.post(f"/api/workspaces/{home}/assets/{mara['id']}/images", headers=alice,
                           files={"file": ("big.png", b"\x89PNG" + b"0" * 1_200_000, "image/png")})
    assert response.status_code == 413 and "byte limit" in response.json()["detail"]


def test_files_live_in_any_fsspec_store(tmp_path):
    app = create_app(make_settings(tmp_path / "studio", storage_url="memory://studio-test-blobs"))
    with TestClient(app) as client:
        alice = sign_up(client, "alice@studio.test")
        home = client.get("/api/workspaces", headers=alice).json()[0]["id"]
        mara = new_character(client, alice, home)
        added = client.post(f"/api/workspaces/{home}/assets/{mara['id']}/images", headers=alice,
                            files={"file": ("face.png", png(), "image/png")}).json()
        url = added["latest"]["files"][0]["url"]
        assert client.get(url, headers=alice).content == png()
    assert not (tmp_path / "studio" / "blobs").exists(), "nothing may go to the local disk store"


def test_password_guessing_is_throttled(studio):
    client, _, _, _ = studio
    for _ in range(10):
        guess = client.post("/api/auth/login", json={"email": "bob@studio.test", "password": "guess-guess"})
        assert guess.status_code == 401
    locked = client.post("/api/auth/login", json={"email": "bob@studio.test", "password": "correct horse"})
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 500
    other = client.post("/api/auth/login", json={"email": "alice@studio.test", "password": "correct horse"})
    assert other.status_code == 200, "other accounts are not locked"
