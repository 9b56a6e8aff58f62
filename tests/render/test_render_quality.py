"""Frames that read right: lids that close on a blink, eyes set in the face (no beads standing
out of it), and the default shading resolution the speed targets are measured at."""

from __future__ import annotations

import numpy as np
from render_scenes import actor_motion, character, look_at_camera, shot

from cinemotion.body.skeleton import J
from cinemotion.render import render_still
from cinemotion.render.body import ActorRig
from cinemotion.render.materials import material_id
from cinemotion.render.scene import render_scale


def _eye_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(eyeballs, irises): the eye-material capsules, the larger ones being the eyeballs."""
    eyes = rows[rows[:, 19].round() == material_id("eye")]
    big = eyes[:, 6] > eyes[:, 6].min() * 1.5
    return eyes[big], eyes[~big]


def test_the_iris_lies_on_the_eyeball_not_in_front_of_it():
    actor = actor_motion("mara", 1)
    rows = ActorRig(actor, character("mara"), 1).capsules(0)
    eyeballs, irises = _eye_rows(rows)
    assert len(eyeballs) == 2 and len(irises) == 2
    for ball, iris in zip(eyeballs, irises):
        r, ir, flatten = ball[6], iris[6], iris[9]
        out = np.linalg.norm(iris[0:3] - ball[0:3]) + ir * flatten  # the iris's front along the view
        assert out < r * 1.02, f"iris stands {1000 * (out - r):.1f} mm out of the eyeball"


def test_a_blink_closes_the_lids_over_the_eye():
    n = 1
    actor = actor_motion("mara", n)
    head = actor.joints[0][J["head"]]
    camera = look_at_camera(head + [0.0, 0.06, 0.45], head + [0.0, 0.06, 0.0], n, 320, 180, hfov_deg=30)
    rows = ActorRig(actor, character("mara"), 1).capsules(0)
    _, irises = _eye_rows(rows)
    uv, _ = camera.project(0, irises[:, 0:3])
    luma = {}
    for weight in (0.0, 1.0):
        actor.expression = {"blink": np.full(n, weight)}
        # the capsule face, whose irises the rows above placed (tests/body covers the human's lids)
        plan, performance, cam = shot([actor], camera, setting="studio", lighting="studio",
                                      look={"motion_blur": False, "body": "capsule"})
        rgb = render_still(plan, performance, cam, 0).astype(float)
        # the darkest pixel around the iris (its centre may hold the key light's catchlight)
        luma[weight] = [rgb[int(v) - 4:int(v) + 5, int(u) - 4:int(u) + 5].mean(axis=2).min() for u, v in uv]
    for is_open, shut in zip(luma[0.0], luma[1.0]):
        assert is_open < 60, f"open eye: the iris should show dark, got {is_open:.0f}"
        assert shut > is_open + 60, f"blink: the lid should cover the iris ({is_open:.0f} → {shut:.0f})"


def test_default_shading_scale_follows_the_output_size():
    assert render_scale(320, 180) == 1.0                      # small frames: native
    assert np.isclose(render_scale(1920, 1080), 2 / 3)        # 1280x720 shaded, upsampled
    assert np.isclose(render_scale(3840, 2160), 0.5)          # 1920x1080 shaded
