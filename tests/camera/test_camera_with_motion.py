"""The camera on a real performance from motion.animate: a tracked sprint."""

from __future__ import annotations

import numpy as np

from camera_shots import make_shot
from cinemotion.body.skeleton import J
from cinemotion.camera import film
from cinemotion.motion import animate
from cinemotion.quality.video import projected_height_fraction
from cinemotion.spec.models import Action, CameraMove


def _shot_with(action: Action, **kw):
    shot = make_shot(**kw)
    actor = shot.actors[0].model_copy(update={"actions": [action]})
    return shot.model_copy(update={"actors": [actor], "subject": actor.id})


def test_tracked_sprint_keeps_distance_size_and_frame():
    shot = _shot_with(Action(kind="locomotion", verb="sprint", category="high_intensity", start_s=0.0, end_s=3.0),
                      duration=3.0, moves=[CameraMove(move="tracking")])
    perf = animate(shot, rng=np.random.default_rng(0))
    cam = film(shot, perf, rng=np.random.default_rng(0))
    joints = perf.actors[0].joints
    pelvis = joints[:, J["pelvis"]]
    assert np.ptp(pelvis[:, 0]) > 10.0  # it really sprinted
    gap = np.linalg.norm([(cam.position(f) - pelvis[f]) * [1, 0, 1] for f in range(cam.n_frames)], axis=1)
    assert np.abs(gap / np.median(gap) - 1).max() <= 0.05
    sizes = np.array([projected_height_fraction(cam, joints, f) for f in range(cam.n_frames)])
    assert 0.7 <= np.median(sizes) <= 0.9  # full body, a runner's lean and bent knees a little shorter
    for f in range(cam.n_frames):
        uv, z = cam.project(f, joints[f])
        assert (z > 0).all() and (uv[:, 0] > 0).all() and (uv[:, 0] < cam.width).all()
