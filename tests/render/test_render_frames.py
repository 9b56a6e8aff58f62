"""The renderer's contract: frames in order, the body where the camera says it is, exact maps,
shadows away from the light, determinism across worker counts, no flicker, every size allowed."""

from __future__ import annotations

import numpy as np
import pytest
from render_scenes import actor_motion, look_at_camera, shot

from cinemotion.body.skeleton import J
from cinemotion.errors import InputError
from cinemotion.render import render_frames
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer

RED_TOP, BLUE_TROUSERS = np.array([192, 48, 48]), np.array([32, 64, 160])


@pytest.fixture(scope="module")
def standing():
    n = 3
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.0, 4.0], [0.0, 0.95, 0.0], n, 160, 90)
    plan, performance, camera = shot([actor], camera, setting="studio", lighting="daylight")
    frames = list(render_frames(plan, performance, camera, workers=1, maps=("depth", "instance")))
    return plan, performance, camera, frames


def _pixel(camera, f, point):
    uv, z = camera.project(f, np.asarray(point, float)[None])
    return int(round(uv[0, 1])), int(round(uv[0, 0])), float(z[0])


def _hue_distance(rgb, reference):
    a = rgb / (np.linalg.norm(rgb) + 1e-9)
    b = reference / np.linalg.norm(reference)
    return float(np.linalg.norm(a - b))


def test_body_shows_its_clothes_where_the_joints_project(standing):
    _, performance, camera, frames = standing
    joints = performance.actors[0].joints[1]
    rgb = frames[1].rgb.astype(float)
    for joint, colour in (("spine2", RED_TOP), ("spine3", RED_TOP), ("left_knee", BLUE_TROUSERS),
                          ("right_hip", BLUE_TROUSERS)):
        row, col, _ = _pixel(camera, 1, joints[J[joint]])
        d = _hue_distance(rgb[row, col], colour)
        assert d < 0.35, f"{joint} at ({row}, {col}) is {rgb[row, col]}, expected the hue of {colour} (distance {d:.2f})"
    corner = rgb[2, 2]
    assert _hue_distance(corner, RED_TOP) > 0.35 and _hue_distance(corner, BLUE_TROUSERS) > 0.35, corner


def test_instance_mask_covers_the_projected_body_and_nothing_else(standing):
    _, performance, camera, frames = standing
    joints = performance.actors[0].joints[1]
    mask = frames[1].instance
    for joint in ("pelvis", "spine2", "head", "left_knee", "right_knee", "left_shoulder"):
        row, col, _ = _pixel(camera, 1, joints[J[joint]])
        assert mask[row, col] == 1, f"{joint} at ({row}, {col}) has instance {mask[row, col]}"
    uv, _ = camera.project(1, joints)
    left, right = uv[:, 0].min() - 6, uv[:, 0].max() + 6
    cols = np.nonzero(mask.any(axis=0))[0]
    assert left <= cols.min() and cols.max() <= right, (cols.min(), cols.max(), left, right)
    assert set(np.unique(mask)) == {0, 1}


def test_depth_is_the_camera_distance_to_the_body(standing):
    _, performance, camera, frames = standing
    joints = performance.actors[0].joints[1]
    for joint in ("spine2", "pelvis", "head"):
        row, col, z = _pixel(camera, 1, joints[J[joint]])
        measured = frames[1].depth[row, col]
        # the surface is in front of the joint by the body's half depth (≤ 0.14 m)
        assert z - 0.16 < measured < z, f"{joint}: depth {measured:.3f} m, joint at {z:.3f} m"
    # the floor under the bottom row: where that pixel's ray meets y = 0
    row, col = camera.height - 1, 80
    ray = camera.rotation[1].T @ np.array([(col - camera.cx) / camera.fx[1], (row - camera.cy) / camera.fy[1], 1.0])
    floor = -camera.position(1)[1] / ray[1]
    assert abs(frames[1].depth[row, col] - floor) < 0.01 * floor, (frames[1].depth[row, col], floor)


def test_cast_shadow_falls_on_the_side_away_from_the_light():
    n = 1
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 6.0, 5.0], [0.0, 0.3, 0.0], n, 160, 90, hfov_deg=60)
    plan, performance, camera = shot([actor], camera, setting="studio", lighting="daylight")
    renderer = ShotRenderer(create_context(), plan, performance, camera, ("instance",))
    try:
        frame = renderer.render(0)
        sun = renderer.light.key_dir
    finally:
        renderer.release()
    away = -np.array([sun[0], 0.0, sun[2]])
    away /= np.linalg.norm(away)
    lum = frame.rgb.astype(float).mean(axis=2)
    # the shadow of a 1.7 m body under a ~50° sun reaches ~1.4 m: sample the ground at 0.8 m
    shade = _pixel(camera, 0, away * 0.8)
    lit = _pixel(camera, 0, -away * 0.8)
    assert frame.instance[shade[:2]] == 0 and frame.instance[lit[:2]] == 0
    assert lum[shade[:2]] < 0.75 * lum[lit[:2]], f"shadow side {lum[shade[:2]]:.0f}, light side {lum[lit[:2]]:.0f}"


def test_frames_come_in_order_and_match_across_worker_counts():
    n = 5
    actor = actor_motion("mara", n, velocity=(1.2, 0.0))
    camera = look_at_camera([0.5, 1.4, 4.5], [0.0, 1.0, 0.0], n, 160, 90)
    plan, performance, camera = shot([actor], camera, setting="city_street", lighting="neon", weather="rain",
                                     look={"motion_blur": True, "film": "35mm"})
    one = list(render_frames(plan, performance, camera, workers=1, maps=("instance",)))
    two = list(render_frames(plan, performance, camera, workers=2, maps=("instance",)))
    assert [f.index for f in one] == list(range(n)) == [f.index for f in two]
    for a, b in zip(one, two):
        assert a.rgb.tobytes() == b.rgb.tobytes(), f"frame {a.index} differs between 1 and 2 workers"
        assert a.instance.tobytes() == b.instance.tobytes()
    assert not np.array_equal(one[0].rgb, one[4].rgb)  # the actor moves, the rain falls


def test_static_background_does_not_flicker():
    n = 4
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], n, 160, 90)
    plan, performance, camera = shot([actor], camera, setting="park", lighting="golden_hour",
                                     look={"motion_blur": True, "depth_of_field": "shallow"})
    frames = [f.rgb.astype(int) for f in render_frames(plan, performance, camera, workers=1)]
    change = max(np.abs(a - b).max() for a, b in zip(frames, frames[1:]))
    assert change == 0, f"a static frame changed by {change} levels"
    # film grain moves (it is grain) but stays subtle, and is the same on every run
    plan35, _, _ = shot([actor], camera, setting="park", lighting="golden_hour", look={"film": "35mm"})
    grain = [f.rgb.astype(int) for f in render_frames(plan35, performance, camera, workers=1)]
    flicker = np.abs(grain[1] - grain[0]).mean(axis=2)[:30].mean()
    assert 0 < flicker < 6, f"grain changes the sky by {flicker:.2f} levels a frame"
    plan_clean, _, _ = shot([actor], camera, setting="park", lighting="golden_hour", look={"film": "35mm"},
                            negative=("flicker",))
    clean = [f.rgb for f in render_frames(plan_clean, performance, camera, workers=1)]
    assert np.array_equal(clean[0][:30], clean[1][:30]), "negative 'flicker' must switch grain off"


def test_4k_is_accepted_and_odd_or_oversized_sizes_refused():
    actor = actor_motion("mara", 1)
    camera = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], 1, 3840, 2160)
    plan, performance, camera = shot([actor], camera)
    frame = next(render_frames(plan, performance, camera, workers=1))
    assert frame.rgb.shape == (2160, 3840, 3) and frame.rgb.dtype == np.uint8
    # shaded at 1080p and upscaled: the same picture as a 1080p render, the right way up
    small = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], 1, 480, 270)
    reference = next(render_frames(*shot([actor], small), workers=1)).rgb.astype(float).mean(axis=2)
    big = frame.rgb.astype(float).mean(axis=2).reshape(270, 8, 480, 8).mean(axis=(1, 3))
    assert np.corrcoef(reference.ravel(), big.ravel())[0, 1] > 0.95
    for w, h in ((161, 90), (3842, 2160), (4096, 2160)):
        bad = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], 1, w, h)
        with pytest.raises(InputError, match="size"):
            next(render_frames(plan, performance, bad, workers=1))
    with pytest.raises(InputError, match="maps"):
        next(render_frames(plan, performance, camera, maps=("normals",)))


def test_unknown_setting_or_lighting_is_refused_by_name():
    actor = actor_motion("mara", 1)
    camera = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], 1)
    plan, performance, camera = shot([actor], camera, setting="the moon")
    with pytest.raises(InputError, match="environment.setting"):
        next(render_frames(plan, performance, camera, workers=1))
    plan, performance, camera = shot([actor], camera, lighting="disco inferno")
    with pytest.raises(InputError, match="look.lighting"):
        next(render_frames(plan, performance, camera, workers=1))
