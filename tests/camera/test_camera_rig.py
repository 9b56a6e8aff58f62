"""Aiming geometry: a level camera anywhere puts its target on the wanted pixel."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cinemotion.camera.rig import aim_angles, rotation_matrices

coord = st.floats(-20.0, 20.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(camera=st.tuples(coord, st.floats(0.1, 15.0), coord), target=st.tuples(coord, st.floats(0.0, 3.0), coord),
       u=st.floats(0.1, 0.9), v=st.floats(0.1, 0.9), focal=st.floats(100.0, 3000.0))
def test_aim_puts_the_target_on_the_pixel_with_a_level_horizon(camera, target, u, v, focal):
    position, point = np.array([camera]), np.array([target])
    offset = point[0] - position[0]
    if np.linalg.norm(offset) < 0.3:
        return
    width, height = 1920, 1080
    pixel = np.array([u * width, v * height])
    f = np.array([focal])
    ray = np.array([(pixel[0] - width / 2) / focal, (pixel[1] - height / 2) / focal, 1.0])
    ray /= np.linalg.norm(ray)
    if abs(offset[1]) / np.linalg.norm(offset) > np.hypot(ray[1], ray[2]) - 1e-6:
        return  # no level camera can see it there (too far off-axis for how high or low it is)
    yaw, pitch = aim_angles(position, point, pixel, f, f, width / 2, height / 2)
    rot = rotation_matrices(yaw, pitch, np.zeros(1))[0]
    cam = rot @ offset
    assert cam[2] > 0
    got = focal * cam[:2] / cam[2] + [width / 2, height / 2]
    assert np.allclose(got, pixel, atol=0.5), (got, pixel)
    assert abs(rot[0, 1]) < 1e-12  # camera right stays horizontal: no roll
