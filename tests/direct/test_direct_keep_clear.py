"""A walk that ends at a prop in its way (direct/obstacles.py keep_clear) stands still where the plan says: its
pelvis stop_short_m before the prop's near face, measured on the performed joints, at a walk's and a jog's pace."""

from __future__ import annotations

import pytest

from cinemotion.body.skeleton import J
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.direct.obstacles import STOP_SHORT_M
from cinemotion.language import complete
from cinemotion.motion import animate
from cinemotion.spec.models import Action, Actor, Environment, Prop, Shot, Storyboard


@pytest.mark.parametrize("verb,walk_s,crate_x", [("walk", 1.2, 1.5), ("walk", 3.0, 3.5), ("jog", 2.0, 3.5)])
def test_a_walk_stopped_short_of_a_prop_stands_stop_short_before_it(verb, walk_s, crate_x):
    walker = Actor(id="ann", description="a woman", actions=[
        Action(kind="locomotion", verb=verb, start_s=0.0, end_s=walk_s),
        Action(kind="gesture", verb="wave", start_s=walk_s, end_s=walk_s + 1.0)])
    crate = Prop(id="crate", kind="crate", position_m=[crate_x, 0.5, 0.0])  # across her line, 1 m wide
    storyboard = Storyboard(seed=11, fps=24, width=160, height=90, shots=[Shot(
        duration_s=walk_s + 1.5, actors=[walker], environment=Environment(setting="park", props=[crate]))])
    plan = direct(complete(storyboard))
    shot = plan.shots[0]
    assert any(f"ann's {verb} stops at" in n and "crate" in n for n in plan.notes), plan.notes
    joints = animate(shot, rng=stream(shot.seed, "motion")).actor("ann").joints
    placed = next(p for p in shot.props if p.id == "crate")
    near_face = placed.center[0] - placed.size[0] / 2
    gap = near_face - joints[-1, J["pelvis"], 0]
    assert gap == pytest.approx(STOP_SHORT_M, abs=0.15)  # was 0.7–1.75 m when the plan timed the stop at full pace
    assert joints[:, :, 0].max() < near_face  # no joint ever reaches it
