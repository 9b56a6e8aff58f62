"""Footfall events, surfaces, starts and stops, curved paths, time scale, determinism, idle and seams."""

from __future__ import annotations

import numpy as np
import pytest
from loco_harness import cruising, perform_shot, shot_plan

from cinemotion.direct.plan import ActorState
from cinemotion.body.contacts import detect_contacts, intervals
from cinemotion.quality.gait import measure_gait
from cinemotion.spec.models import Action


def _moving(verb: str, start: float, end: float) -> Action:
    return Action(kind="locomotion", verb=verb, start_s=start, end_s=end)


def test_foot_strike_events_fall_on_the_frames_the_feet_land():
    fps = 60
    motion, events = cruising("run", 3.0, fps=fps)
    strikes = [e for e in events if e.kind == "foot_strike"]
    assert len(strikes) >= 7
    for k, side in enumerate(("left", "right")):
        onsets = [a / fps for a, _ in intervals(motion.contacts[:, k]) if a > 0]
        times = [e.time_s for e in strikes if e.side == side and e.time_s > 0]
        assert len(times) == len(onsets)
        assert np.max(np.abs(np.array(times) - np.array(onsets))) <= 1.0 / fps
    for e in strikes:  # the event sits where that foot is, on the ground
        assert e.position[1] == 0.0 and e.speed_mps > 3.0 and e.surface == "concrete"


def test_wet_ground_splashes_and_a_slick_prompt_slips_once_with_recovery():
    shot = shot_plan([_moving("run", 0.0, 3.0)], 3.0, fps=30, surface="wet", effects=("slipping",),
                     start=ActorState(speed_mps=4.0, verb="run"))
    motion, events = perform_shot(shot)
    kinds = [e.kind for e in events]
    assert kinds.count("splash") == kinds.count("foot_strike") > 0
    slips = [e for e in events if e.kind == "slip"]
    assert len(slips) == 1 and 0.3 < slips[0].time_s < 2.7
    dry = perform_shot(shot_plan([_moving("run", 0.0, 3.0)], 3.0, fps=30, start=ActorState(speed_mps=4.0)))[1]
    assert not [e for e in dry if e.kind in ("slip", "splash")]


def test_sand_shortens_the_steps_at_the_same_cadence():
    firm = measure_gait(cruising("walk", 4.0, fps=60)[0].joints, 60)
    sand = measure_gait(cruising("walk", 4.0, fps=60, surface="sand")[0].joints, 60)
    assert sand["step_length_m"] < 0.92 * firm["step_length_m"]
    assert sand["cadence_spm"] == pytest.approx(firm["cadence_spm"], rel=0.06)


def test_starting_and_stopping_accelerate_plausibly_without_teleporting():
    fps = 60
    shot = shot_plan([_moving("sprint", 0.5, 4.0)], 5.0, fps=fps)
    motion, _ = perform_shot(shot)
    pelvis = motion.joints[:, 0, [0, 2]]
    speed = np.linalg.norm(np.gradient(pelvis, axis=0), axis=1) * fps
    smooth = np.convolve(speed, np.ones(15) / 15, mode="same")
    assert speed[:25].max() < 0.3  # standing still before the action
    assert smooth.max() > 6.0  # up to sprinting speed
    assert smooth[-5:].mean() < 0.3  # stopped again
    accel = np.abs(np.gradient(smooth[10:-10])) * fps
    assert accel.max() < 12.0, accel.max()  # a sprint start is ≈4–8 m/s² [Samozino16]; no jumps in position
    assert np.abs(np.diff(motion.joints, axis=0)).max() < 12.0 / fps * 2


def test_a_curved_path_is_followed_and_turns_the_body():
    shot = shot_plan([_moving("walk", 0.0, 6.0)], 6.0, fps=30, path=[(3.0, 0.0), (5.0, -2.0), (5.0, -5.0)],
                     start=ActorState(speed_mps=1.3, verb="walk"))
    motion, _ = perform_shot(shot)
    ground = motion.joints[:, 0, [0, 2]]
    for waypoint in ((3.0, 0.0), (5.0, -2.0)):
        assert np.min(np.linalg.norm(ground - waypoint, axis=1)) < 0.15
    travel = ground[-1] - ground[-15]
    assert abs(np.arctan2(-travel[1], travel[0]) - np.pi / 2) < 0.35  # heading now along −Z (h = π/2)
    assert measure_gait(motion.joints, 30)["planted_slide_mm"] < 2.0


def test_slow_motion_halves_speed_and_cadence_on_the_shot_clock():
    real = measure_gait(cruising("jog", 4.0, fps=60)[0].joints, 60)
    slow = measure_gait(cruising("jog", 4.0, fps=60, time_scale=0.5)[0].joints, 60)
    assert slow["cadence_spm"] == pytest.approx(real["cadence_spm"] / 2, rel=0.06)
    assert slow["speed_mps"] == pytest.approx(real["speed_mps"] / 2, rel=0.06)


def test_same_seed_same_motion_other_seed_other_stagger():
    a = cruising("stagger", 2.0, fps=30, seed=3)[0]
    b = cruising("stagger", 2.0, fps=30, seed=3)[0]
    c = cruising("stagger", 2.0, fps=30, seed=4)[0]
    assert np.array_equal(a.rotations, b.rotations) and np.array_equal(a.root, b.root)
    assert not np.allclose(a.joints, c.joints)


def test_idle_after_walking_decelerates_closes_the_feet_and_intensity_one_is_still():
    fps = 30
    shot = shot_plan([_moving("walk", 0.0, 2.0), Action(kind="idle", start_s=2.0, end_s=5.0)], 5.0, fps=fps,
                     intensity=1, start=ActorState(speed_mps=1.3, verb="walk"))
    motion, _ = perform_shot(shot)
    tail = motion.joints[int(3.5 * fps):]
    assert np.ptp(tail[:, 0, [0, 2]], axis=0).max() < 0.002  # intensity 1: stillness
    assert detect_contacts(motion.joints, fps)[int(3.5 * fps):].all()
    feet = tail[-1, [7, 8]][:, [0, 2]]
    assert np.linalg.norm(feet[0] - feet[1]) < 0.3  # side by side
    lively = shot_plan([Action(kind="idle", start_s=0.0, end_s=6.0)], 6.0, fps=fps, intensity=9)
    sway = perform_shot(lively, seed=1)[0].joints[:, 0, 2]
    assert 0.004 < np.ptp(sway) < 0.04  # weight shifts of a centimetre or two [Winter 1995]


def test_seams_between_gaits_are_continuous():
    fps = 60
    shot = shot_plan([_moving("walk", 0.0, 1.5), _moving("run", 1.5, 3.0), _moving("walk", 3.0, 4.5)], 4.5,
                     fps=fps, start=ActorState(speed_mps=1.3, verb="walk"))
    motion, _ = perform_shot(shot)
    joint_speed = np.linalg.norm(np.diff(motion.joints, axis=0), axis=2) * fps
    # a running foot swings through at up to ≈2.5× body speed; nothing may pop faster than that
    assert joint_speed.max() < 2.5 * 4.5, joint_speed.max()
    assert measure_gait(motion.joints, fps)["penetration_mm"] < 0.5


def test_lunge_is_one_long_step_into_a_deep_split_stance():
    shot = shot_plan([Action(kind="locomotion", verb="lunge", start_s=0.0, end_s=2.0)], 2.0, fps=30,
                     intensity=8)
    motion, events = perform_shot(shot)
    assert [e.kind for e in events].count("foot_strike") == 1
    end = motion.joints[-1]
    spread = np.linalg.norm(end[7, [0, 2]] - end[8, [0, 2]])
    assert spread > 0.8  # feet a long step apart
    assert end[0, 1] < motion.joints[0, 0, 1] - 0.15  # the pelvis sinks into the lunge
