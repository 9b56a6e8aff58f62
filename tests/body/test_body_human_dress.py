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
from cinemotion.render import render_frames  # noqa: E402
from cinemotion.spec.models import Character, Clothing  # noqa: E402


def _dressed(top: str = "tank top"):
    bare = fit_body(make_body(1.72).offsets, "male", "adult", "average")
    return bare, *dress(bare, Character(id="x", clothing=Clothing(top=top)))


def test_hems_are_mesh_edges_whose_two_sides_skin_alike():
    bare, body, dressing = _dressed("t-shirt")
    top = dressing.layers[-1].cover
    assert set(np.unique(top)) == {0.0, 1.0}, "a hem is a line between covered and bare, not a blend"
    tri = body.triangles[(body.part[body.triangles] == 0).all(axis=1)]  # the skin (helpers are one colour each)
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
    # straps: over the top of each shoulder between the neck and the armhole; the arms bare
    regions = vertex_regions(body)
    for side in ("left", "right"):
        shoulder = heads[names.index(f"{side}_shoulder")]
        # half-way from the neck's axis to the shoulder joint, over the top
        strap = skin & (np.abs(x - shoulder[0] * 0.53) < 0.012) & (np.abs(z) < 0.02) & (y > shoulder[1])
        assert top[strap].mean() > 0.9, f"{side} strap: {top[strap].mean():.0%}"
    arms = top[skin & np.isin(regions, ["upper_arm_top", "upper_arm_low", "forearm"])]
    assert arms.mean() < 0.02, f"the tank top covers {arms.mean():.0%} of the arms"
    # and the neck stays bare above the opening
    neck = skin & (regions == "neck") & (y > heads[names.index("neck"), 1]) & (np.abs(x) < 0.04)
    assert not top[neck].any()


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of sRGB pixels (N, 3) uint8."""
    c = rgb / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def _seen(plan, performance, camera, mask_of) -> tuple[HumanRig, np.ndarray]:
    """The rendered frame's pixels (N, 3) where the actor's vertices under mask_of(rig) show: in
    frame, the nearest surface there (the depth map within 1 cm of the vertex), and not on a hem
    (a hem's vertices come in pairs at one place: their pixel is either side's)."""
    frame = next(iter(render_frames(plan, performance, camera, workers=1, maps=("depth",))))
    rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
    _, at, count = np.unique(rig.body.positions, axis=0, return_inverse=True, return_counts=True)
    world = rig.world_positions(0)[mask_of(rig) & (count[at.reshape(-1)] == 1)]
    uv, z = camera.project(0, world)
    h, w = frame.rgb.shape[:2]
    cols, rows = np.round(uv[:, 0]).astype(int), np.round(uv[:, 1]).astype(int)
    inside = (cols >= 0) & (cols < w) & (rows >= 0) & (rows < h)
    cols, rows, z = cols[inside], rows[inside], z[inside]
    shown = np.abs(frame.depth[rows, cols] - z) < 0.01
    return rig, frame.rgb[rows[shown], cols[shown]]


def test_shoes_are_the_spec_colour_with_a_lighter_sole_and_a_closed_toe_box():
    spec = Character(id="mara", clothing=Clothing(shoes_color="#3a5f8f"))
    actor = actor_motion("mara", 1)
    foot = actor.joints[0][J["left_ankle"]]
    # low, beside the left foot (the actor faces +Z, left is +X)
    camera = look_at_camera(foot + [0.6, 0.04, 0.08], foot + [0.0, -0.03, 0.06], 1, 320, 240, hfov_deg=30)
    plan, performance, camera = shot([actor], camera, lighting="studio", characters=[spec])
    _, upper = _seen(plan, performance, camera, lambda rig: (rig.dressing.layers[0].cover > 0.5)
                     & (rig.dressing.layers[1].cover < 0.5) & (rig.dressing.sole < 0.5))
    rig, sole = _seen(plan, performance, camera, lambda rig: rig.dressing.sole > 0.5)
    upper, sole = _lab(upper), _lab(sole)
    assert len(upper) > 100 and len(sole) > 5
    want = _lab(np.array([[0x3a, 0x5f, 0x8f]], float))[0]
    hue = np.degrees(np.arctan2(upper[:, 2], upper[:, 1]))
    want_hue = np.degrees(np.arctan2(want[2], want[1]))
    assert abs(np.median(hue) - want_hue) < 25, f"shoe hue {np.median(hue):.0f}°, spec {want_hue:.0f}°"
    # (its lower edge lies in the ground's contact shadow: its lit upper part reads)
    lit_sole = np.percentile(sole[:, 0], 75)
    assert lit_sole > np.median(upper[:, 0]) + 15, f"sole L* {lit_sole:.0f}, upper {np.median(upper[:, 0]):.0f}"
    # the toes closed into one toe box: the toes' vertices lie on the convex hull of their foot's
    # toes, not in the clefts between them (bare hm08 toes: 90% within 7.7 mm of it, 99% 12 mm)
    from scipy.spatial import ConvexHull

    body = rig.body
    main = body.bone_index[np.arange(len(body.positions)), np.argmax(body.bone_weight, axis=1)]
    for side in ("left", "right"):
        toes = body.positions[(main == bone_names().index(f"{side}_foot")) & (body.part == 0)]
        hull = ConvexHull(toes)
        depth = -(toes @ hull.equations[:, :3].T + hull.equations[:, 3]).max(axis=1)
        assert np.percentile(depth, 90) < 0.005, f"{side} toes: clefts {np.percentile(depth, 90) * 1000:.1f} mm deep"


def test_skin_reads_as_skin_under_daylight_golden_hour_and_neon():
    """Skin pixels of a face close-up: neither white nor grey, and in daylight and golden hour a skin
    hue (CIELAB hue angle of measured skin ~40-70°: Weatherall IL & Coombs BD 1992, J Invest
    Dermatol 99(4):468-473); under neon it may lean to the signs' magenta but stays warm. Chroma
    falls with lightness, so a dark tone's floor is half its L*."""
    for tone in ("#f6ede4", "#a07e56", "#3a312a"):
        spec = Character(id="mara", skin_color=tone)
        actor = actor_motion("mara", 1)
        head = actor.joints[0][J["head"]]
        camera = look_at_camera(head + [0.1, 0.05, 0.5], head + [0.0, 0.03, 0.0], 1, 240, 180, hfov_deg=35)
        for lighting, hues in (("daylight", (30, 75)), ("golden_hour", (30, 80)), ("neon", (0, 90))):
            plan, performance, cam = shot([actor], camera, setting="studio", lighting=lighting, characters=[spec])
            rig, pixels = _seen(plan, performance, cam, lambda rig: (rig.materials == material_id("skin"))
                                & (rig.body.part == 0) & (rig.body.lips < 0.1) & (rig.brows() < 0.05)
                                & (rig.dressing.scalp < 0.5))
            lab = _lab(pixels)
            L, chroma = np.median(lab[:, 0]), np.median(np.hypot(lab[:, 1], lab[:, 2]))
            hue = np.degrees(np.arctan2(np.median(lab[:, 2]), np.median(lab[:, 1])))
            where = f"{tone} under {lighting}: L* {L:.0f}, C* {chroma:.0f}, hue {hue:.0f}°"
            assert L < 85, f"{where}: reads white"
            assert chroma > min(12.0, 0.5 * L), f"{where}: reads grey"
            assert hues[0] < hue < hues[1], f"{where}: not a skin hue"


def test_hair_has_volume_on_the_crown_and_lies_close_at_the_hairline():
    """Short hair as the dressed body carries it: the crown of the head stands 1-2 cm above the
    bare scalp, the hairline's edge only millimetres (an even shell read as a painted cap)."""
    actor = actor_motion("mara", 1)
    rig = HumanRig(actor, Character(id="mara", hair_style="short"), 1)
    lift = np.linalg.norm(rig.bind - rig.body.positions, axis=1)
    hair = rig.dressing.scalp > 0.5
    y = rig.body.positions[:, 1]
    crown = hair & (y > y[hair].max() - 0.01)
    edge = hair & (y < np.percentile(y[hair], 5))
    assert 0.01 < np.median(lift[crown]) < 0.02, f"crown {np.median(lift[crown]) * 1000:.0f} mm"
    assert np.median(lift[edge]) < 0.007, f"hairline {np.median(lift[edge]) * 1000:.0f} mm"


def test_the_hairline_runs_round_the_ears():
    """Hair stops short of each ear (the head's skin that stands furthest out to its side) and
    comes down behind it, so the ear shows whole; the straight line from brow to nape crossed the
    top of the ear and the shell over it stood out as a knob."""
    actor = actor_motion("mara", 1)
    rig = HumanRig(actor, Character(id="mara", hair_style="short"), 1)
    p = rig.body.positions
    head = (vertex_regions(rig.body) == "head") & (rig.body.part == 0)
    hair = rig.dressing.scalp > 0.5
    for side in (1.0, -1.0):
        mine = head & (side * p[:, 0] > 0)
        rim = mine & (side * p[:, 0] > np.quantile(side * p[mine, 0], 0.97))
        assert not (hair & rim).any(), f"hair over {(hair & rim).sum()} of the ear's {rim.sum()} vertices"
        lift = np.linalg.norm(rig.bind - p, axis=1)
        assert lift[rim].max() < 0.001, f"the ear stands {lift[rim].max() * 1000:.1f} mm off the head's skin"
        # the hair reaches down behind the ear to below its top
        behind = mine & hair & (p[:, 2] < p[rim, 2].min())
        assert p[behind, 1].min() < p[rim, 1].max(), "no hair behind the ear"


def test_brows_are_bands_thicker_at_the_head_than_the_tail():
    """Each brow is a band cut into the skin (a crisp curve, not painted vertex blotches): about a
    centimetre tall over the inner canthus, thinning towards the tail (the brow mask alone is a
    patch 2 cm tall, which read as a block)."""
    bare, body, dressing = _dressed("t-shirt")
    assert set(np.unique(dressing.brows)) == {0.0, 1.0}
    p = body.positions
    for side in (1.0, -1.0):
        brow = (dressing.brows > 0.5) & (side * p[:, 0] > 0)
        x = side * p[brow, 0]
        s = (x - x.min()) / (x.max() - x.min())
        y = p[brow, 1]
        tall = {k: np.ptp(y[band]) for k, band in (("head", s < 0.2), ("tail", s > 0.8))}
        assert 0.006 < tall["head"] < 0.013, f"brow head {tall['head'] * 1000:.0f} mm tall"
        assert tall["tail"] < tall["head"], f"tail {tall['tail'] * 1000:.0f} mm, head {tall['head'] * 1000:.0f} mm"
        assert 0.035 < x.max() - x.min() < 0.055, f"brow {(x.max() - x.min()) * 1000:.0f} mm long"


def test_hair_shows_strands_not_a_smooth_cap():
    """Scalp hair in a close-up varies from strand to strand, in colour and in sheen (surface.frag's
    strands): neighbouring pixels differ by ~4 L* (median), where a smooth shell's shading changed by ~1.4."""
    spec = Character(id="mara", hair_style="short", hair_color="#3b2a20")
    actor = actor_motion("mara", 1)
    head = actor.joints[0][J["head"]]
    camera = look_at_camera(head + [0.15, 0.2, 0.35], head + [0.0, 0.06, 0.0], 1, 320, 240, hfov_deg=30)
    plan, performance, cam = shot([actor], camera, setting="studio", lighting="studio", characters=[spec])
    frame = next(iter(render_frames(plan, performance, cam, workers=1, maps=("depth",))))
    rig = HumanRig(performance.actors[0], spec, 1)
    world = rig.world_positions(0)[rig.dressing.scalp > 0.5]
    uv, z = cam.project(0, world)
    cols, rows = np.round(uv[:, 0]).astype(int), np.round(uv[:, 1]).astype(int)
    keep = (cols > 0) & (cols < 319) & (rows >= 0) & (rows < 240)
    cols, rows, z = cols[keep], rows[keep], z[keep]
    shown = np.abs(frame.depth[rows, cols] - z) < 0.004
    lightness = _lab(frame.rgb.reshape(-1, 3).astype(float)).reshape(frame.rgb.shape)[..., 0]
    step = np.abs(lightness[rows[shown], cols[shown] + 1] - lightness[rows[shown], cols[shown] - 1])
    assert shown.sum() > 100, f"{shown.sum()} hair pixels in view"
    assert np.median(step) > 2.5, f"neighbouring hair pixels differ by {np.median(step):.2f} L* (median)"
