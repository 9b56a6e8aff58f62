"""Identity across a cut: a wide sprint continued in a close-up keeps its colours, bones and speed."""

import numpy as np

from cinemotion.language import complete
from cinemotion.direct import direct
from cinemotion.pipeline import perform_plan
from cinemotion.quality.identity import identity_report, table
from cinemotion.render import render_frames
from cinemotion.spec.models import Action, Actor, CameraMove, Character, Clothing, Shot, Storyboard


def _sprint_shot(shot_id: str, shot_type: str) -> Shot:
    return Shot(id=shot_id, duration_s=1.0, shot_type=shot_type, camera=[CameraMove(move="tracking")],
                actors=[Actor(id="mara", character="mara",
                              actions=[Action(kind="locomotion", verb="sprint", category="high_intensity")])])


def test_wide_sprint_into_close_up_keeps_identity():
    mara = Character(id="mara", height_m=1.7, build="athletic", skin_color="#b07a5a", hair_color="#111111",
                     clothing=Clothing(top="jacket", top_color="#c02828", bottom="joggers",
                                       bottom_color="#808080", shoes_color="#f0f0f0"))
    board = Storyboard(seed=3, width=320, height=180, characters=[mara],
                       shots=[_sprint_shot("wide", "wide"), _sprint_shot("close", "close_up")])
    plan = direct(complete(board))
    performances, cameras = perform_plan(plan)

    def frames():
        for s, (shot, perf, cam) in enumerate(zip(plan.shots, performances, cameras)):
            for frame in render_frames(shot, perf, cam, workers=1, maps=("instance",)):
                yield s, frame

    report = identity_report(plan, performances, frames(), cameras=cameras, rng=np.random.default_rng(0))["mara"]
    compared = set(report["colours_lab"]["wide"]) & set(report["colours_lab"]["close"])
    assert {"torso", "head"} <= compared, f"regions seen in both shots: {compared}"
    assert report["max_delta_e"] <= table()["delta_e_tolerance"], report["max_delta_e"]
    assert report["bone_length_max_change"] < 1e-6 and report["bones_consistent"], report["bone_length_max_change"]
    cut = report["speed_at_cuts"][0]
    assert cut["speed_before_mps"] > 6.0, cut  # a sprint
    assert cut["jump_mps"] < 0.05 * cut["speed_before_mps"], f"speed across the cut: {cut}"


def test_a_changed_costume_is_caught():
    from cinemotion.quality.identity import palette_difference

    red = np.array([[24.0, 40.0, 25.0], [40.0, 55.0, 36.0]])
    blue = np.array([[30.0, 10.0, -45.0], [45.0, 12.0, -55.0]])
    assert palette_difference(red, red + [3.0, 0.0, 0.0]) <= 3.0 + 1e-9
    assert palette_difference(red, blue) > table()["delta_e_tolerance"]
