"""Every move at every angle, standing or travelling, at odd sizes: a sane camera every frame."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from camera_shots import make_shot, performance, simple
from cinemotion.body.skeleton import J
from cinemotion.camera import film
from cinemotion.spec.models import CameraMove
from cinemotion.spec.vocabulary import ANGLES, CAMERA_MOVES


@pytest.mark.parametrize("angle,speed", list(itertools.product(ANGLES, (0.0, 5.0))))
def test_every_move_gives_a_sane_camera(angle, speed):
    for move, size in zip(CAMERA_MOVES, itertools.cycle(("wide", "full_body", "medium", "close_up"))):
        shot = make_shot(angle=angle, shot_type=size, duration=1.5, width=96, height=170,
                         moves=[CameraMove(move=move, start_s=0.25, duration_s=1.0)])
        perf = simple(shot, speed=speed)
        cam = film(shot, perf, rng=np.random.default_rng(7))
        assert np.isfinite(cam.rotation).all() and np.isfinite(cam.translation).all()
        assert np.allclose(cam.rotation @ cam.rotation.transpose(0, 2, 1), np.eye(3), atol=1e-9)
        head = perf.actors[0].joints[:, J["head"]]
        for f in range(cam.n_frames):
            assert cam.position(f)[1] >= 0.1, (move, angle, f)
            assert cam.project(f, head[f:f + 1])[1][0] > 0.3, (move, angle, f)  # in front of the lens
        assert (cam.focus_distance_m > 0).all() and cam.fx.min() > 0


def test_single_frame_and_empty_shots():
    shot = make_shot(duration=1 / 24, moves=[CameraMove(move="tracking"), CameraMove(move="handheld")])
    cam = film(shot, simple(shot, speed=3.0), rng=np.random.default_rng(0))
    assert cam.n_frames == 1 and np.isfinite(cam.translation).all()
    empty = make_shot(duration=1.0, actors=())
    cam = film(empty, performance(empty, []), rng=np.random.default_rng(0))
    assert cam.n_frames == 24 and cam.position(0)[1] > 0.1
