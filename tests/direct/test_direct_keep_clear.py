"""A walk that ends at a prop in its way (direct/obstacles.py keep_clear) stands still where the plan says: its
pelvis stop_short_m before the prop's near face, measured on the performed joints, at a walk's and a jog's pace."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.body.skeleton import J
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.direct.layout import distance_before
from cinemotion.direct.obstacles import ACTOR_CLEAR_M, STOP_SHORT_M, keep_clear
from cinemotion.language import complete
from cinemotion.motion import animate
from cinemotion.spec.models import Action, Actor, Environment, Prop, Shot, Storyboard

from jumps.jump_shots import joints_inside


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


def _detour_shot(by_the_bench: list[float] | None):
    """Dora walks on past a bench across her line; Sam stands still, at `by_the_bench` [x, z] when given."""
    dora = Actor(id="dora", description="a woman", actions=[Action(kind="locomotion", verb="walk", start_s=0.0,
                                                                   end_s=4.0)])
    sam = Actor(id="sam", description="a man", actions=[Action(kind="idle", verb="idle", start_s=0.0, end_s=4.0)])
    bench = Prop(id="bench", kind="bench", position_m=[2.5, 0.225, 0.3], size_m=[0.5, 0.45, 1.8])
    storyboard = Storyboard(seed=11, fps=24, width=160, height=90, shots=[Shot(
        duration_s=4.0, actors=[dora, sam], environment=Environment(setting="park", props=[bench]))])
    shot = direct(complete(storyboard)).shots[0]
    if by_the_bench is not None:  # where a layout of his own would stand him: re-plan her walk around the bench
        shot.actors[1].start.position = [by_the_bench[0], 0.0, by_the_bench[1]]
        shot.actors[0].path = []
        assert keep_clear(shot, distance_before)
    return shot


def test_a_detour_goes_round_the_side_where_no_one_stands():
    free = _detour_shot(None)
    side = np.sign(free.actors[0].path[0][1])  # round the bench's nearer end, with no one in the way
    crowded = _detour_shot([2.5, float(free.actors[0].path[0][1])])  # Sam stands right there
    assert np.sign(crowded.actors[0].path[0][1]) == -side
    performance = animate(crowded, rng=stream(crowded.seed, "motion"))
    dora, sam = (performance.actor(k).joints for k in ("dora", "sam"))
    apart = np.linalg.norm((dora[:, J["pelvis"]] - sam[:, J["pelvis"]])[:, [0, 2]], axis=1)
    assert apart.min() > ACTOR_CLEAR_M - 0.1  # she passes him wide (0.68 m, pushed aside, when the detour ran at him)
    bench = next(p for p in crowded.props if p.id == "bench")
    assert not len(joints_inside(dora, bench.center, bench.size, bench.yaw_rad))
