"""The renderer draws the skinned human (the vertex shader's skinning, not a CPU copy): its
instance mask and depth are the mesh's, posed where the CPU skinning puts it; `capsule` keeps the
mannequin."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

from cinemotion.body.human.pose import pose_bones  # noqa: E402
from cinemotion.render import render_frames  # noqa: E402
from cinemotion.render.human import HumanRig  # noqa: E402


def _maps(body: str, arm_raise_deg: float = 60.0):
    actor = actor_motion("mara", 2, arm_raise_deg=arm_raise_deg)
    camera = look_at_camera([0.0, 1.0, 3.2], [0.0, 0.95, 0.0], 2, 160, 90)
    plan, performance, camera = shot([actor], camera, look={"motion_blur": False, "body": body})
    frame = list(render_frames(plan, performance, camera, workers=1, maps=("depth", "instance")))[1]
    return plan, performance, camera, frame


def test_instance_mask_and_depth_are_the_skinned_mesh():
    plan, performance, camera, frame = _maps("human")
    rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
    posed = rig.world_positions(1)[np.unique(rig.triangles)]  # the drawn ones, contacts resolved
    uv, z = camera.project(1, posed)
    cols, rows = np.round(uv[:, 0]).astype(int), np.round(uv[:, 1]).astype(int)
    inside = (cols >= 0) & (cols < 160) & (rows >= 0) & (rows < 90)
    drawn = np.zeros((90, 160), bool)
    drawn[rows[inside], cols[inside]] = True
    mask = frame.instance == 1
    # every pixel a mesh vertex projects to is the actor's (give or take the rounding at the
    # silhouette's edge), and the actor is hardly anything more
    assert _grow(mask, 1)[drawn].mean() > 0.99
    assert (mask & ~_grow(drawn, 2)).sum() < 0.03 * mask.sum()
    # depth: the nearest posed vertex at the pixel, within a couple of centimetres
    near = np.full((90, 160), np.inf)
    np.minimum.at(near, (rows[inside], cols[inside]), z[inside])
    seen = drawn & mask
    assert np.median(np.abs(frame.depth[seen] - near[seen])) < 0.02


def test_capsule_body_stays_a_different_silhouette():
    human = _maps("human")[3].instance == 1
    capsule = _maps("capsule")[3].instance == 1
    union, both = (human | capsule).sum(), (human & capsule).sum()
    assert 0.6 < both / union < 0.95  # the same person, but not the same figure


def _grow(mask: np.ndarray, r: int) -> np.ndarray:
    out = mask.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            out |= np.roll(np.roll(mask, dy, 0), dx, 1)
    return out


def test_a_blink_closes_the_human_lids_over_the_irises():
    from cinemotion.body.human.model import bone_names
    from cinemotion.body.skeleton import J
    from cinemotion.render.still import render_still

    actor = actor_motion("mara", 1)
    head = actor.joints[0][J["head"]]
    camera = look_at_camera(head + [0.0, 0.06, 0.45], head + [0.0, 0.06, 0.0], 1, 320, 180, hfov_deg=30)
    dark = {}
    for weight in (0.0, 1.0):
        actor.expression = {"blink": np.full(1, weight)}
        plan, performance, cam = shot([actor], camera, setting="studio", lighting="studio")
        rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
        names = bone_names()
        poses = pose_bones(rig.body, rig.motion.rotations, rig.motion.joints)
        irises = []
        for eye in ("left_eye", "right_eye"):
            b = names.index(eye)
            ball = rig.body.part == 1
            mine = ball & (rig.body.bone_index[:, 0] == b)
            # the front of the eyeball: its vertex furthest along the eye's forward axis
            front = rig.body.positions[mine][np.argmax(rig.body.positions[mine, 2])]
            irises.append(poses.rotations[0, b] @ (front - rig.body.rest_heads[b]) + poses.positions[0, b])
        uv, _ = cam.project(0, np.array(irises))
        rgb = render_still(plan, performance, cam, 0).astype(float)
        dark[weight] = [rgb[int(v) - 3:int(v) + 4, int(u) - 3:int(u) + 4].mean(axis=2).min() for u, v in uv]
    for is_open, shut in zip(dark[0.0], dark[1.0]):
        assert is_open < 60, f"open eye: the iris should show dark, got {is_open:.0f}"
        assert shut > is_open + 60, f"blink: the lid should cover the iris ({is_open:.0f} → {shut:.0f})"


def test_the_open_mouth_is_dark_inside():
    """Inside an open mouth the light comes only through the lips' opening (body/human/face.py
    `mouth_light`): the tongue and the rest of the mouth's inside show far darker than the lips
    (unshaded, with the rim light grazing it, the tongue was a lit pink slab: L* 43 against the
    lips' 49 in this shot)."""
    from cinemotion.body.human.face import mouth_interior
    from cinemotion.body.human.model import PART_NAMES
    from cinemotion.body.skeleton import J
    from cinemotion.core.color import srgb_to_lab

    actor = actor_motion("mara", 1)
    actor.expression = {"jaw_open": np.full(1, 0.8)}
    head = actor.joints[0][J["head"]]
    camera = look_at_camera(head + [0.0, -0.02, 0.4], head + [0.0, -0.05, 0.0], 1, 320, 240, hfov_deg=20)
    plan, performance, cam = shot([actor], camera, setting="studio", lighting="studio")
    frame = next(iter(render_frames(plan, performance, cam, workers=1, maps=("depth",))))
    rig = HumanRig(performance.actors[0], plan.actors[0].character, 1)
    world = rig.world_positions(0)
    inside = mouth_interior(rig.body)
    # all of it in front of the head's joint (the nape, at the lips' height too, once counted as the mouth)
    behind = rig.body.positions[inside, 2] < rig.body.rest_heads[J["head"], 2]
    assert not behind.any(), f"{behind.sum()} vertices behind the head's joint are called the mouth's inside"
    groups = {"lips": (rig.body.lips > 0.9) & ~inside, "tongue": np.array(PART_NAMES)[rig.body.part] == "tongue",
              "inside": inside}
    seen = {}
    for name, mask in groups.items():
        uv, z = cam.project(0, world[mask])
        cols, rows = np.round(uv[:, 0]).astype(int), np.round(uv[:, 1]).astype(int)
        shown = np.abs(frame.depth[rows, cols] - z) < 0.004   # the nearest surface there
        assert shown.sum() >= 20, f"{name}: {shown.sum()} pixels in view"
        seen[name] = float(np.median(srgb_to_lab(frame.rgb[rows[shown], cols[shown]])[:, 0]))
    report = "L* " + ", ".join(f"{k} {v:.0f}" for k, v in seen.items())
    assert seen["tongue"] < 0.5 * seen["lips"], report
    assert seen["inside"] < 0.5 * seen["lips"], report
