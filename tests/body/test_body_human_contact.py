"""Penetration: the check finds a limb pushed into the body, the contact response takes it out, and
the held-out kinds of motion keep every part out of every other (under 1 cm on 99 % of frames)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

sys.path.insert(0, str(Path(__file__).parent))
from human_shots import performed  # noqa: E402

from cinemotion.body.human.contact import CLEARANCE_M, contact_groups, penetration_depth, separate_parts  # noqa: E402
from cinemotion.body.human.dress import wears_skirt  # noqa: E402
from cinemotion.body.human.performed import PerformedBody  # noqa: E402
from cinemotion.body.human.pose import pose_bones, skin_points  # noqa: E402
from cinemotion.body.skeleton import J, forward_kinematics  # noqa: E402

MOTIONS = {
    "walk": "A full body shot of a woman walking forward briskly, 2 seconds",
    "skirt walk": "A full body shot of a woman in a skirt walking forward, 2 seconds",
    "jog": "A full body shot of a woman jogging, 2 seconds",
    "run": "A full body shot of a man running, 2 seconds",
    "sprint": "A full body shot of a man sprinting, 2 seconds",
    "jumping jacks": "A full body shot of a man doing jumping jacks, 2 seconds",
    "jump": "A full body shot of a man jumps straight up, 2 seconds",
    "sit": "A full body shot of a woman sits down on a bench, 2 seconds",
    "hug": "Two friends hug, medium shot, 2 seconds",
    "handshake": "Two men shake hands, medium shot, 2 seconds",
}
REST = np.tile([0.0, 0.0, 0.0, 1.0], (1, 22, 1))


def _walker() -> PerformedBody:
    plan, performances, _ = performed(MOTIONS["walk"])
    return PerformedBody(performances[0].actors[0], plan.shots[0].actors[0].character)


def _posed(body: PerformedBody, local: np.ndarray) -> np.ndarray:
    joints = forward_kinematics(body.motion.offsets, body.body.rest_heads[None, 0], local)
    return skin_points(body.body, pose_bones(body.body, local, joints).matrices(body.body)[0], body.bind)


def test_an_arm_swung_into_the_chest_is_caught_and_pushed_out():
    walker = _walker()
    groups = contact_groups(walker.body, skirt=False)
    # the left upper arm swung across the chest (the elbow ends beyond the midline), through it
    local = REST.copy()
    local[0, J["left_shoulder"]] = Rotation.from_euler("z", -60, degrees=True).as_quat()
    through = _posed(walker, local)
    assert penetration_depth(walker.body, through, groups) > 0.02
    resolved = through + separate_parts(walker.separation, through)
    assert penetration_depth(walker.body, resolved, groups) < 0.005
    at_rest = _posed(walker, REST)
    assert penetration_depth(walker.body, at_rest, groups) < 0.005
    # where nothing passes through, the response only opens touching skin to its clearance
    assert np.linalg.norm(separate_parts(walker.separation, at_rest), axis=1).max() <= CLEARANCE_M


def test_the_response_is_what_the_shader_draws():
    """The pushed bind pose, skinned as the vertex shader skins it, lands on the resolved mesh."""
    plan, performances, _ = performed(MOTIONS["jumping jacks"])
    body = PerformedBody(performances[0].actors[0], plan.shots[0].actors[0].character)
    matrices = body.poses.matrices(body.body)
    moved = 0.0
    for f in range(0, body.n_frames, 6):
        drawn = skin_points(body.body, matrices[f], body.bind_positions(f))
        assert np.abs(drawn - body.world_positions(f)).max() < 1e-4
        moved = max(moved, float(np.abs(drawn - skin_points(body.body, matrices[f], body.bind)).max()))
    assert moved > 0.005  # the arms overhead do press into the trunk: the response acted


@pytest.mark.parametrize("motion", list(MOTIONS))
def test_held_out_motions_keep_every_part_out_of_every_other(motion):
    plan, performances, _ = performed(MOTIONS[motion])
    for placed, actor in zip(plan.shots[0].actors, performances[0].actors):
        body = PerformedBody(actor, placed.character)
        groups = contact_groups(body.body, wears_skirt(placed.character))
        depths = np.array([penetration_depth(body.body, body.world_positions(f), groups)
                           for f in range(body.n_frames)])
        assert (depths < 0.01).mean() >= 0.99, (
            f"{motion}, {placed.id}: {(depths >= 0.01).mean():.1%} of frames over 1 cm (max {depths.max() * 100:.1f} cm)")


def test_qa_reports_each_actors_penetration(monkeypatch):
    """qa.json's `penetration`: per actor, the share of frames under 1 cm and the deepest, measured on
    what is drawn; without the contact response it sees the handshakers' arms in their sides."""
    import cinemotion.body.human.performed as performed_module
    from cinemotion.quality import report

    plan, performances, cameras = performed(MOTIONS["handshake"])
    qa = report(plan, performances, cameras)["penetration"][0]
    assert set(qa) == {a.id for a in plan.shots[0].actors}
    for actor, figures in qa.items():
        assert figures["frames_under_1cm"] >= 0.99 and figures["max_depth_m"] < 0.01, (actor, figures)
    monkeypatch.setattr(performed_module, "separate_parts", lambda sep, world: np.zeros_like(world))
    raw = report(plan, performances, cameras)["penetration"][0]
    assert min(f["frames_under_1cm"] for f in raw.values()) < 0.5, raw
    assert max(f["max_depth_m"] for f in raw.values()) > 0.02, raw
