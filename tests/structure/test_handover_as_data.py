"""The hand-over across a cut flows as data: shot 2 starts where shot 1's performance ended; the plan is not edited."""

import json

import numpy as np

from cinemotion.language import complete
from cinemotion.direct import direct
from cinemotion.media.plan_record import write_plan_record
from cinemotion.pipeline import perform_plan
from cinemotion.spec.models import Action, Actor, Shot, Storyboard


def _two_shot_plan():
    walker = [Actor(id="ann", actions=[Action(kind="locomotion", verb="walk")])]
    return direct(complete(Storyboard(seed=4, fps=12, width=160, height=90, shots=[
        Shot(id="a", duration_s=1.5, actors=walker), Shot(id="b", duration_s=1.0, actors=walker)])))


def test_second_shot_starts_where_the_first_ended_and_the_plan_is_unchanged(tmp_path):
    plan = _two_shot_plan()
    decided = plan.model_dump()
    performances, _ = perform_plan(plan)
    assert plan.model_dump() == decided  # no stage output is edited after it was made
    first, second = (p.actors[0].root for p in performances)
    step = first[-1] - first[-2]
    assert np.linalg.norm(first[-1] - first[0]) > 1.0  # the walker covered ground in shot 1
    # shot 2's first frame is one step on from shot 1's last, in the ground plane (a cut, not a jump back to 0)
    assert np.linalg.norm((second[0] - (first[-1] + step))[[0, 2]]) < 0.05
    handed = performances[1].start_states["ann"]
    assert np.allclose(handed.position[::2], (first[-1] + step)[[0, 2]], atol=1e-6)
    assert handed.speed_mps > 0.8 and performances[0].start_states == {}

    write_plan_record(tmp_path / "plan.json", plan, {"backend": "procedural"}, performances)
    record = json.loads((tmp_path / "plan.json").read_text())
    assert record["handover"] == {"b": {"ann": handed.model_dump()}}
    assert record["shots"][1]["actors"][0]["start"] == decided["shots"][1]["actors"][0]["start"]  # direct's guess
