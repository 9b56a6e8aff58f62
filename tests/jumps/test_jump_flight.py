"""Jumps measured from joints alone: ballistic flight, countermovement and landing dips, clearance."""

import numpy as np
import pytest

from cinemotion.direct.layout import place_props
from cinemotion.motion.animate import animate
from cinemotion.motion.locomotion.gait_com import center_of_mass
from cinemotion.quality.jumps import dips, fit_parabola, flights
from cinemotion.body.skeleton import J
from cinemotion.physics.capsules import box_clearance
from cinemotion.spec.models import Action, Prop

from jump_shots import jump_shot


def _perform(shot):
    place_props(shot, np.random.default_rng(0))
    return animate(shot, rng=np.random.default_rng(1))


@pytest.mark.parametrize("category,verb", [("vertical", "jump"), ("horizontal", "leap")])
def test_standing_jumps_fly_on_a_parabola_with_dips(category, verb):
    shot = jump_shot([Action(kind="jump", verb=verb, category=category, start_s=0.2, end_s=3.0)])
    joints = _perform(shot).actors[0].joints
    found = flights(joints, shot.fps)
    assert len(found) == 1, f"expected one flight, found {found}"
    fit = fit_parabola(center_of_mass(joints[slice(*found[0])])[:, 1], shot.fps)  # the whole body flies, not the pelvis
    assert abs(fit["gravity"] - 9.81) < 0.3, f"implied gravity {fit['gravity']:.2f} m/s²"
    assert fit["rms_mm"] < 2.0
    d = dips(joints, shot.fps, found[0])
    assert d["countermovement_m"] > 0.15, d  # a crouch before takeoff
    assert d["landing_m"] > 0.04, d  # knees give on impact


def test_running_leap_clears_the_gap_and_lands_on_the_far_roof():
    prompt = "An athletic woman powerfully leaping across a wide gap between two rooftops"
    shot = jump_shot([Action(kind="locomotion", verb="sprint", start_s=0.0, end_s=1.5),
                      Action(kind="jump", verb="leap", category="horizontal", start_s=1.5, end_s=4.0,
                             target="gap")],
                     props=[Prop(id="gap", kind="gap", relation="across")], duration=4.0, prompt=prompt)
    performance = _perform(shot)
    joints = performance.actors[0].joints
    roofs = [p for p in shot.props if p.kind == "rooftop"]
    gap = next(p for p in shot.props if p.kind == "gap")
    assert gap.size[0] >= 2.5  # "wide" is wider than the default
    for roof in roofs:  # no joint ever sinks into a roof
        assert box_clearance(joints, 0.0, roof.center, roof.size, roof.yaw_rad).min() >= -0.005
    far_edge = gap.center[0] + gap.size[0] / 2
    final_feet = joints[-1, [J["left_ankle"], J["right_ankle"]], 0]
    assert (final_feet > far_edge).all(), f"feet at x={final_feet} end before the far roof edge {far_edge}"
    found = flights(joints, shot.fps)
    near_edge = far_edge - gap.size[0]
    feet = joints[:, [J["left_ankle"], J["right_ankle"]], 0]
    # the flight spans the gap: both feet leave this side of it and both land beyond it
    spans = [f for f in found if feet[f[0]].max() < near_edge and feet[f[1] - 1].min() > far_edge]
    assert spans, f"no flight takes off before x={near_edge:.2f} and lands past x={far_edge:.2f}: {found}"
    fit = fit_parabola(center_of_mass(joints[slice(*spans[0])])[:, 1], shot.fps)
    # detected flight (feet above the contact height) includes the last push and first touch: 9.35–9.7 measured
    assert abs(fit["gravity"] - 9.81) < 0.5, fit


def test_vault_plants_a_hand_on_the_obstacle_and_clears_it():
    shot = jump_shot([Action(kind="locomotion", verb="run", start_s=0.0, end_s=1.2),
                      Action(kind="jump", verb="vault", category="athletic", start_s=1.2, end_s=3.5,
                             target="barrier")],
                     props=[Prop(id="barrier", kind="barrier", relation="over")], duration=3.5)
    performance = _perform(shot)
    joints = performance.actors[0].joints
    barrier = next(p for p in shot.props if p.id == "barrier")
    clearance = box_clearance(joints, 0.0, barrier.center, barrier.size, barrier.yaw_rad)
    assert clearance.min() >= -0.01, f"a joint enters the barrier by {-clearance.min():.3f} m"
    top = barrier.center[1] + barrier.size[1] / 2
    wrists = joints[:, [J["left_wrist"], J["right_wrist"]]]
    on_top = np.abs(wrists[..., 1] - top) < 0.08
    assert on_top.any(), "no hand contact on the obstacle top"
    assert any(e.kind == "hand_plant" for e in performance.events)


def test_ledge_grab_ends_with_hands_on_the_ledge():
    shot = jump_shot([Action(kind="jump", verb="jump", category="vertical", start_s=0.3, end_s=3.5,
                             target="ledge")], props=[Prop(id="ledge", kind="ledge", relation="onto")],
                     duration=3.5)
    performance = _perform(shot)
    joints = performance.actors[0].joints
    ledge = next(p for p in shot.props if p.id == "ledge")
    top = ledge.center[1] + ledge.size[1] / 2
    wrists = joints[-1, [J["left_wrist"], J["right_wrist"]]]
    assert np.all(np.abs(wrists[:, 1] - top) < 0.06), f"wrists at {wrists[:, 1]}, ledge top {top:.2f}"
