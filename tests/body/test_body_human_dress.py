"""How the human body is dressed: hems are mesh edges (a crisp line, the same place on both sides
of it in every pose), a tank top covers the torso from the neck opening to the waistband with
straps over the shoulders, shoes are the spec's colour with a sole, and skin reads as skin."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

from cinemotion.body.human.dress import dress, vertex_regions  # noqa: E402
from cinemotion.body.human.model import bone_names, fit_body  # noqa: E402
from cinemotion.body.skeleton import J, make_body  # noqa: E402
from cinemotion.render.human import HumanRig  # noqa: E402
from cinemotion.render.materials import material_id  # noqa: E402
from cinemotion.render.still import render_still  # noqa: E402
from cinemotion.spec.models import Character, Clothing  # noqa: E402


def _dressed(top: str = "tank top"):
    bare = fit_body(make_body(1.72).offsets, "male", "adult", "average")
    return bare, *dress(bare, Character(id="x", clothing=Clothing(top=top)))


def test_hems_are_mesh_edges_whose_two_sides_skin_alike():
    bare, body, dressing = _dressed("t-shirt")
    top = dressing.layers[-1].cover
    assert set(np.unique(top)) == {0.0, 1.0}, "a hem is a line between covered and bare, not a blend"
    tri = body.triangles
    mixed = (top[tri].min(axis=1) == 0) & (top[tri].max(axis=1) == 1)
    assert not mixed.any(), f"{mixed.sum()} triangles straddle the t-shirt's hem"
    # the new vertices come in pairs at one place with one skinning (the cloth's edge and the
    # skin's), so the cut surface stays closed in every pose
    new = np.arange(len(bare.positions), len(body.positions))
    assert len(new) > 0
    key = np.concatenate([body.positions[new], body.bone_index[new], body.bone_weight[new]], axis=1)
    _, counts = np.unique(key, axis=0, return_counts=True)
    assert counts.min() >= 2, "every point on a hem is two vertices that skin alike"


def test_tank_top_covers_the_torso_from_chest_to_waist_with_straps():
    _, body, dressing = _dressed("tank top")
    top = dressing.layers[-1].cover > 0.5
    names = bone_names()
    heads = body.rest_heads
    skin = body.part == 0
    x, y, z = body.positions.T
    front = skin & (z > 0.04) & (np.abs(x) < 0.06)
    chest_to_waist = front & (y > heads[names.index("pelvis"), 1] + 0.02) & (y < heads[names.index("spine3"), 1] + 0.03)
    assert top[chest_to_waist].mean() > 0.97, f"tank top covers {top[chest_to_waist].mean():.0%} of chest to waist"
    # straps: over the top of each shoulder near the neck; the shoulder caps bare; the arms bare
    regions = vertex_regions(body)
    for side in ("left", "right"):
        collar = heads[names.index(f"{side}_collar")]
        strap = skin & (np.abs(x - collar[0] * 1.3) < 0.015) & (np.abs(z) < 0.02) & (y > collar[1])
        assert top[strap].mean() > 0.9, f"{side} strap: {top[strap].mean():.0%}"
    assert top[skin & (regions == "shoulder")].mean() < 0.2
    assert not top[skin & np.isin(regions, ["upper_arm_top", "upper_arm_low", "forearm"])].any()
    # and the neck stays bare above the opening
    neck = skin & (regions == "neck") & (y > heads[names.index("neck"), 1])
    assert not top[neck].any()


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB pixels (N, 3) uint8."""
    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def _pixels_of(rig: HumanRig, camera, rgb: np.ndarray, mask: np.ndarray, facing: float = 0.6) -> np.ndarray:
    """The pixels (N, 3) of the rig's vertices under mask that face the camera and are in frame."""
    world = rig.world_positions(0)
    eye = -camera.rotation[0].T @ camera.translation[0]
    tri = rig.triangles
    normals = np.zeros_like(world)
    face_n = np.cross(world[tri[:, 1]] - world[tri[:, 0]], world[tri[:, 2]] - world[tri[:, 0]])
    for k in range(3):
        np.add.at(normals, tri[:, k], face_n)
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    to_eye = eye - world
    to_eye /= np.linalg.norm(to_eye, axis=1, keepdims=True)
    keep = mask & (np.einsum("vi,vi->v", normals, to_eye) > facing)
    uv, _ = camera.project(0, world[keep])
    h, w = rgb.shape[:2]
    cols, rows = np.round(uv[:, 0]).astype(int), np.round(uv[:, 1]).astype(int)
    inside = (cols >= 1) & (cols < w - 1) & (rows >= 1) & (rows < h - 1)
    return rgb[rows[inside], cols[inside]]


def test_shoes_are_the_spec_colour_with_a_lighter_sole():
    spec = Character(id="mara", clothing=Clothing(shoes_color="#3a5f8f"))
    actor = actor_motion("mara", 1, yaw=0.5)
    foot = actor.joints[0][J["left_ankle"]]
    camera = look_at_camera(foot + [0.45, 0.3, 0.6], foot, 1, 320, 240, hfov_deg=35)
    plan, performance, camera = shot([actor], camera, lighting="studio", characters=[spec])
    rgb = render_still(plan, performance, camera, 0)
    rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
    shoe = (rig.dressing.layers[0].cover > 0.5) & (rig.dressing.layers[1].cover < 0.5) & (rig.dressing.sole < 0.5)
    upper = _lab(_pixels_of(rig, camera, rgb, shoe))
    sole = _lab(_pixels_of(rig, camera, rgb, rig.dressing.sole > 0.5, facing=0.3))
    assert len(upper) > 200 and len(sole) > 5
    want = _lab(np.array([[0x3a, 0x5f, 0x8f]], float))[0]
    hue = np.degrees(np.arctan2(upper[:, 2], upper[:, 1]))
    want_hue = np.degrees(np.arctan2(want[2], want[1]))
    assert abs(np.median(hue) - want_hue) < 25, f"shoe hue {np.median(hue):.0f}°, spec {want_hue:.0f}°"
    assert np.median(sole[:, 0]) > np.median(upper[:, 0]) + 15, "the sole reads lighter than the upper"


def test_skin_reads_as_skin_under_daylight_golden_hour_and_neon():
    """Skin pixels of a face close-up: CIELAB hue and chroma in the range measured on real skin
    (Xiao K et al. 2017, Skin Res Technol 23(1):21-29: hue angle ~40-70°, chroma ~15-35 in daylight),
    neither white nor grey; under neon the hue may lean to the signs' colours but stays warm."""
    for tone in ("#f6ede4", "#a07e56", "#3a312a"):
        spec = Character(id="mara", skin_color=tone)
        actor = actor_motion("mara", 1)
        head = actor.joints[0][J["head"]]
        camera = look_at_camera(head + [0.1, 0.05, 0.5], head + [0.0, 0.03, 0.0], 1, 240, 180, hfov_deg=35)
        for lighting, hues in (("daylight", (30, 75)), ("golden_hour", (30, 85)), ("neon", (-10, 90))):
            plan, performance, cam = shot([actor], camera, setting="studio", lighting=lighting, characters=[spec])
            rgb = render_still(plan, performance, cam, 0)
            rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
            bare = (rig.materials == material_id("skin")) & (rig.body.part == 0) & (rig.body.lips < 0.1) & (rig.brows() < 0.05)
            lab = _lab(_pixels_of(rig, cam, rgb, bare & (rig.dressing.scalp < 0.5)))
            L, chroma = np.median(lab[:, 0]), np.median(np.hypot(lab[:, 1], lab[:, 2]))
            hue = np.degrees(np.arctan2(np.median(lab[:, 2]), np.median(lab[:, 1])))
            where = f"{tone} under {lighting}: L* {L:.0f}, C* {chroma:.0f}, hue {hue:.0f}°"
            assert L < 90, f"{where}: reads white"
            assert chroma > 10, f"{where}: reads grey"
            assert hues[0] < hue < hues[1], f"{where}: not a skin hue"
