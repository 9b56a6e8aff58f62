"""The renderer draws the skinned human (the vertex shader's skinning, not a CPU copy): its
instance mask and depth are the mesh's, posed where the CPU skinning puts it; `capsule` keeps the
mannequin."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

from cinemotion.body.human.pose import pose_bones, skin_points  # noqa: E402
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
    poses = pose_bones(rig.body, rig.motion.rotations, rig.motion.joints)
    posed = skin_points(rig.body, poses.matrices(rig.body)[1], rig.bind)[np.unique(rig.triangles)]  # drawn ones
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
