"""Weather, props, lens and detail: what the shot's words ask for shows up in the pixels."""

from __future__ import annotations

import numpy as np
from render_scenes import actor_motion, look_at_camera, shot

from scipy.ndimage import binary_dilation

from cinemotion.motion.performance import Event, PropState
from cinemotion.render import render_frames
from cinemotion.render.body import ActorRig
from cinemotion.render.particles import ParticleSystem


def _frames(plan, performance, camera, maps=()):
    return list(render_frames(plan, performance, camera, workers=1, maps=maps))


def test_rain_falls_between_frames_and_is_the_same_every_run():
    n = 3
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.2, 5.0], [0.0, 1.0, 0.0], n, 160, 90)
    dry = _frames(*shot([actor], camera, setting="city_street", lighting="overcast"))
    wet = _frames(*shot([actor], camera, setting="city_street", lighting="overcast", weather="rain"))
    again = _frames(*shot([actor], camera, setting="city_street", lighting="overcast", weather="rain"))
    assert np.array_equal(dry[0].rgb, dry[1].rgb)
    moved = np.abs(wet[1].rgb.astype(int) - wet[0].rgb.astype(int)).max(axis=2)
    assert (moved > 3).sum() > 40, f"only {(moved > 3).sum()} pixels changed as the rain fell"
    assert all(a.rgb.tobytes() == b.rgb.tobytes() for a, b in zip(wet, again))


def test_footfall_in_rain_throws_a_splash_and_on_sand_a_dust_cloud():
    n = 4
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.0, 3.0], [0.0, 0.3, 0.0], n, 160, 90)
    strike = Event(time_s=1 / 24, kind="foot_strike", actor="mara", side="left", position=(0.3, 0.0, 0.2),
                   strength=0.9, speed_mps=5.0, surface="wet")
    plan, performance, camera = shot([actor], camera, setting="city_street", weather="rain", events=[strike])
    system = ParticleSystem(plan, performance, camera, _set_stub(), np.random.default_rng(1))
    light = _light()
    splash = system.instances(2 / 24, light)
    before = system.instances(0.0, light)
    def near(rows: np.ndarray) -> int:
        return int((np.linalg.norm(rows[:, :3] - [0.3, 0.1, 0.2], axis=1) < 0.4).sum())
    assert near(splash) >= near(before) + 8, (near(splash), near(before))
    plan, performance, camera = shot([actor], camera, setting="beach", surface="sand",
                                     events=[Event(time_s=1 / 24, kind="foot_strike", actor="mara",
                                                   position=(0.3, 0.0, 0.2), surface="sand")])
    dust = ParticleSystem(plan, performance, camera, _set_stub(), np.random.default_rng(1))
    assert len(dust.instances(2 / 24, light)) >= 8 and len(dust.instances(3.0, light)) == 0


def _set_stub():
    class SetStub:
        ground_y = 0.0
    return SetStub()


def _light():
    from cinemotion.render.lighting import resolve_light
    return resolve_light("overcast", np.array([0.0, 0.0, -1.0]))


def test_props_are_drawn_and_a_gap_is_left_empty():
    n = 1
    camera = look_at_camera([0.0, 2.0, 6.0], [0.0, 0.2, 0.0], n, 160, 90)
    plan, performance, camera = shot([], camera, setting="studio")
    performance.props = [PropState(id="log", kind="log", center=np.array([-1.0, 0.225, 0.0]),
                                   size=np.array([0.45, 0.45, 3.0]), color="#6b4a2f"),
                         PropState(id="gap", kind="gap", center=np.array([1.0, 0.3, 0.0]),
                                   size=np.array([0.6, 0.6, 0.6]), color="#ff0000")]
    frame = _frames(plan, performance, camera, maps=("depth",))[0]
    for x, expect_prop in ((-1.0, True), (1.0, False)):
        uv, z = camera.project(0, np.array([[x, 0.45, 0.0]]))
        row, col = int(uv[0, 1]), int(uv[0, 0])
        hit = frame.depth[row, col] < z[0] + 0.3
        assert hit == expect_prop, f"prop at x={x}: depth {frame.depth[row, col]:.2f} vs {z[0]:.2f}"


def test_shallow_focus_blurs_the_background_but_not_the_subject():
    n = 1
    actor = actor_motion("mara", n)
    camera = look_at_camera([0.0, 1.4, 2.5], [0.0, 1.3, 0.0], n, 320, 180, hfov_deg=30, f_number=1.4)
    sharp = _frames(*shot([actor], camera, setting="city_street", look={"depth_of_field": "none",
                                                                          "motion_blur": False}), ("instance",))[0]
    soft = _frames(*shot([actor], camera, setting="city_street", look={"depth_of_field": "shallow",
                                                                         "motion_blur": False}))[0]

    def detail(rgb, mask):
        lum = rgb.astype(float).mean(axis=2)
        grad = np.abs(np.diff(lum, axis=1))[:-1, :] + np.abs(np.diff(lum, axis=0))[:, :-1]
        return np.percentile(grad[mask[:-1, :-1]], 99)  # the crispest edges there

    body = sharp.instance == 1
    background = ~binary_dilation(body, iterations=6)
    background[background.shape[0] // 2:] = False  # the far facades, not the street at the actor's feet
    assert detail(soft.rgb, background) < 0.6 * detail(sharp.rgb, background), \
        (detail(soft.rgb, background), detail(sharp.rgb, background))
    assert detail(soft.rgb, body) > 0.8 * detail(sharp.rgb, body), (detail(soft.rgb, body), detail(sharp.rgb, body))


def test_motion_blur_smears_a_fast_limb_and_no_motion_blur_keeps_it_crisp():
    n = 3
    actor = actor_motion("mara", n, velocity=(12.0, 0.0))  # 0.5 m per frame across the screen
    camera = look_at_camera([0.0, 1.0, 4.0], [0.0, 1.0, 0.0], n, 160, 90)
    blurred = _frames(*shot([actor], camera, setting="studio", look={"motion_blur": True}))[1]
    crisp = _frames(*shot([actor], camera, setting="studio", look={"motion_blur": True},
                          negative=("motion blur",)))[1]
    row = blurred.rgb.shape[0] // 2
    def edge(rgb: np.ndarray) -> float:
        return np.abs(np.diff(rgb[row].astype(float).mean(axis=1))).max()
    assert edge(blurred.rgb) < 0.7 * edge(crisp.rgb), (edge(blurred.rgb), edge(crisp.rgb))


def test_hands_have_five_fingers_and_face_landmarks_drive_the_features():
    n = 1
    actor = actor_motion("mara", n)
    plan, performance, _ = shot([actor], look_at_camera([0, 1, 3], [0, 1, 0], n))
    rig = ActorRig(actor, plan.actors[0].character, 1)
    hands = rig.hand_landmarks(0, actor.joints[0], rig.frames[0])
    tips = hands[0][[4, 8, 12, 16, 20]]
    spacing = np.linalg.norm(np.diff(tips, axis=0), axis=1)
    assert hands.shape == (2, 21, 3) and (spacing > 0.012).all(), spacing  # separate fingertips, no mitten
    base = rig.capsules(0)
    actor.face = np.zeros((1, 70, 3)) + actor.joints[0, 15] + [0, 0.05, 0.1]
    actor.face[0, 60:68] += np.array([[0, 0.01, 0]] * 4 + [[0, -0.03, 0]] * 4)  # an open mouth
    actor.expression = {"blink_left": np.ones(1)}
    with_face = ActorRig(actor, plan.actors[0].character, 1).capsules(0)
    assert not np.allclose(base[-30:, :6], with_face[-30:, :6])


def test_snow_has_depth_the_feet_sink_into_and_pavement_does_not():
    camera = look_at_camera([0.0, 2.0, 6.0], [0.0, 0.2, 0.0], 1, 160, 90)
    uv, z = camera.project(0, np.array([[0.0, 0.0, 2.0]]))  # a point on the firm ground (y = 0)
    row, col = int(round(uv[0, 1])), int(round(uv[0, 0]))
    depth = {}
    for surface in ("concrete", "snow"):
        plan, performance, cam = shot([], camera, setting="studio", surface=surface)
        depth[surface] = _frames(plan, performance, cam, maps=("depth",))[0].depth[row, col]
    assert abs(depth["concrete"] - z[0]) < 0.02
    # the snow's surface lies 4 cm above the soles: a ray looking down 27° meets it ≈ 4 cm / sin 27° sooner
    assert 0.08 < depth["concrete"] - depth["snow"] < 0.16, depth
