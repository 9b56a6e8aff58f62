"""Locomotion measured from joints alone: ordering, published ranges, gait phases, physics, distinctness."""

from __future__ import annotations

import numpy as np
import pytest
from loco_harness import cruising, perform_shot, shot_plan

from cinemotion.body.skeleton import J
from cinemotion.errors import InputError
from cinemotion.body.gait_params import nominal_speed, verbs
from cinemotion.quality.gait import measure_gait
from cinemotion.spec.models import Action

# Published steady-state ranges at these speeds (the same sources as gaits.yaml):
# walk 1.1–1.6 m/s at 95–125 steps/min [Oberg93, Grieve66]; jog 2.2–3.2 m/s at 150–175 [Cavanagh89];
# run 3.0–5.5 m/s at 155–190 [Cavanagh89, Dorn12]; sprint 6.5–9.5 m/s at 190–270 [Dorn12, Weyand00].
RANGES = {"walk": ((1.1, 1.6), (95, 125)), "jog": ((2.2, 3.2), (148, 175)), "run": ((3.0, 5.5), (155, 190)),
          "sprint": ((6.5, 9.5), (190, 270))}


@pytest.fixture(scope="module")
def measured() -> dict[str, dict]:
    return {verb: measure_gait(cruising(verb, 3.0, fps=60)[0].joints, 60) for verb in RANGES}


def test_speed_and_cadence_grow_walk_jog_run_sprint_within_published_ranges(measured):
    speeds = [measured[v]["speed_mps"] for v in RANGES]
    cadences = [measured[v]["cadence_spm"] for v in RANGES]
    assert speeds == sorted(speeds), f"speeds {speeds}"
    assert cadences == sorted(cadences), f"cadences {cadences}"
    for verb, ((v_lo, v_hi), (c_lo, c_hi)) in RANGES.items():
        m = measured[verb]
        assert v_lo <= m["speed_mps"] <= v_hi, f"{verb} speed {m['speed_mps']:.2f} not in {v_lo}–{v_hi}"
        assert c_lo <= m["cadence_spm"] <= c_hi, f"{verb} cadence {m['cadence_spm']:.0f} not in {c_lo}–{c_hi}"


def test_speed_is_step_length_times_cadence(measured):
    for verb, m in measured.items():
        predicted = m["step_length_m"] * m["cadence_spm"] / 60
        assert predicted == pytest.approx(m["speed_mps"], rel=0.05), f"{verb}: {predicted:.2f} vs {m['speed_mps']:.2f}"


def test_walking_has_double_support_and_no_flight_running_has_flight(measured):
    walk = measured["walk"]
    assert walk["flight_fraction"] < 0.02, walk["flight_fraction"]  # a detection flicker at most
    assert 0.12 < walk["double_support_fraction"] < 0.35, walk["double_support_fraction"]
    assert 0.55 < walk["duty_factor"] < 0.68, walk["duty_factor"]
    for verb in ("jog", "run", "sprint"):
        m = measured[verb]
        assert m["double_support_fraction"] < 0.02, (verb, m["double_support_fraction"])
        # force plates give a 2.65 m/s jog ≈ 26 % flight; contacts detected from kinematics (a foot within 3 cm of
        # the ground and still) start and end a frame early and late, so at 60 fps ≈ 20 % is measured
        assert m["flight_fraction"] > 0.17, (verb, m["flight_fraction"])
        assert m["duty_factor"] < 0.4, (verb, m["duty_factor"])
        assert m["flight_gravity_mps2"] == pytest.approx(9.81, abs=0.5), (verb, m["flight_gravity_mps2"])
    # contact time shortens with speed [Weyand00]
    contacts = [measured[v]["contact_time_s"] for v in ("jog", "run", "sprint")]
    assert contacts == sorted(contacts, reverse=True), contacts


def test_sprint_drives_arms_and_knees_harder_than_jog_with_more_lean(measured):
    sprint, jog = measured["sprint"], measured["jog"]
    assert sprint["shoulder_swing_range_deg"] > jog["shoulder_swing_range_deg"] + 30
    assert sprint["knee_flexion_max_deg"] > jog["knee_flexion_max_deg"] + 25
    assert sprint["hip_flexion_max_deg"] > jog["hip_flexion_max_deg"] + 20
    assert sprint["trunk_lean_deg"] > jog["trunk_lean_deg"] + 3
    assert 60 <= jog["elbow_flexion_mean_deg"] <= 110  # runners carry the elbow near 90° [Hinrichs87]


def test_feet_planted_ground_never_penetrated_bones_rigid(measured):
    for verb, m in measured.items():
        assert m["penetration_mm"] < 0.5, (verb, m["penetration_mm"])
        assert m["float_mm"] < 3.0, (verb, m["float_mm"])
        assert m["bone_length_cv_max_pct"] < 0.1, (verb, m["bone_length_cv_max_pct"])
        assert m["planted_slide_mm"] < 2.0, (verb, m["planted_slide_mm"])


def test_limp_is_asymmetric_and_walk_is_not():
    limp = measure_gait(cruising("limp", 4.0, fps=60)[0].joints, 60)
    walk = measure_gait(cruising("walk", 4.0, fps=60)[0].joints, 60)
    assert limp["stance_asymmetry"] > 0.15, limp["stance_asymmetry"]
    assert walk["stance_asymmetry"] < 0.05, walk["stance_asymmetry"]


def test_trudge_is_slow_short_and_bent_stagger_is_wide_and_irregular():
    walk = measure_gait(cruising("walk", 4.0, fps=30)[0].joints, 30)
    trudge = measure_gait(cruising("trudge", 4.0, fps=30)[0].joints, 30)
    # a CV needs enough steps to be estimated: 8 s of staggering is ≈ 11 steps
    stagger = measure_gait(cruising("stagger", 8.0, fps=30)[0].joints, 30)
    assert trudge["cadence_spm"] < walk["cadence_spm"] - 15
    assert trudge["step_length_m"] < walk["step_length_m"]
    assert trudge["trunk_lean_deg"] > walk["trunk_lean_deg"] + 8
    assert stagger["step_width_m"] > 2 * walk["step_width_m"]
    assert stagger["step_time_cv"] > max(2 * walk["step_time_cv"], 0.08), (stagger["step_time_cv"],
                                                                           walk["step_time_cv"])


VECTOR = ("speed_mps", "cadence_spm", "step_length_m", "duty_factor", "vertical_oscillation_m", "trunk_lean_deg",
          "knee_flexion_max_deg", "elbow_flexion_mean_deg", "shoulder_swing_range_deg", "step_width_m",
          "step_time_cv", "stance_asymmetry", "time_to_cruise_s")


def _features(verb: str, seed: int) -> np.ndarray:
    shot = shot_plan([Action(kind="locomotion", verb=verb, start_s=0.0, end_s=3.0)], 3.0, fps=30)
    m = measure_gait(perform_shot(shot, seed)[0].joints, 30)
    return np.nan_to_num(np.array([m[k] for k in VECTOR]), nan=-1.0)


def test_the_fourteen_verbs_are_told_apart_by_their_metrics():
    names = verbs()
    assert len(names) == 14
    train = {v: np.mean([_features(v, s) for s in (1, 2)], axis=0) for v in names}
    scale = np.std(np.array(list(train.values())), axis=0) + 1e-9
    centroids = {v: f / scale for v, f in train.items()}
    wrong = []
    for verb in names:
        probe = _features(verb, 7) / scale
        guess = min(centroids, key=lambda v: np.linalg.norm(centroids[v] - probe))
        if guess != verb:
            wrong.append(f"{verb}→{guess}")
    assert not wrong, f"misclassified: {wrong}"


def test_nominal_speed_follows_intensity_and_modifier_and_refuses_unknown_words():
    assert nominal_speed("run", 1) < nominal_speed("run", 5) < nominal_speed("run", 10)
    assert nominal_speed("walk", 5, "slow") < nominal_speed("walk", 5) < nominal_speed("walk", 5, "fast")
    with pytest.raises(InputError) as err:
        nominal_speed("moonwalk")
    assert err.value.field == "verb"
    with pytest.raises(InputError):
        nominal_speed("walk", 5, "ludicrous")


def test_an_emotion_colours_the_same_verb():
    def walk(emotion):
        shot = shot_plan([Action(kind="locomotion", verb="walk", emotion=emotion, start_s=0.0, end_s=4.0)], 4.0,
                         fps=30)
        return measure_gait(perform_shot(shot)[0].joints, 30)
    neutral, sad, angry = walk(None), walk("sadness"), walk("anger")
    assert sad["speed_mps"] < neutral["speed_mps"] < angry["speed_mps"]
    assert sad["shoulder_swing_range_deg"] < neutral["shoulder_swing_range_deg"] < angry["shoulder_swing_range_deg"]
    assert sad["trunk_lean_deg"] > neutral["trunk_lean_deg"] + 3


@pytest.mark.parametrize("verb", ["walk", "trot"])
def test_swing_foot_retracts_before_touchdown(verb):
    """The ankle's ground speed just before initial contact is a small share of its mean swing speed."""
    motion = cruising(verb, 3.0, fps=60)[0]
    speed = np.linalg.norm(np.diff(motion.joints[:, J["left_ankle"]][:, [0, 2]], axis=0), axis=1) * 60
    planted = motion.contacts[:, 0]
    touchdowns = np.where(~planted[:-1] & planted[1:])[0] + 1
    before = [speed[t - 2] for t in touchdowns if t > 2]
    assert before and max(before) < 0.3 * speed[~planted[1:]].mean(), (before, speed[~planted[1:]].mean())
