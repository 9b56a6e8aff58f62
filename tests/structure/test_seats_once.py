"""A seat's place is decided once: direct chooses the seat (which prop, its size, whose), the sitter's posture
stands it where the body sits down, and the performance and plan.json carry that one position."""

import json

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.direct.plan import ActorState, PlannedSeat
from cinemotion.language import complete, parse
from cinemotion.media.plan_record import write_plan_record
from cinemotion.motion import animate
from cinemotion.pipeline import plan_storyboard
from cinemotion.spec.models import Action, Actor, Character, Environment, Prop, Shot, Storyboard

from factories import placed_actor, shot_plan
from jumps.jump_shots import joints_inside

# direct's nominal speeds put this sitter 2.2 m past where the sprint really ends: only the body knows the spot
PROMPT = "a tall man runs across the park and sits on the bench, 4 seconds"


def test_the_seat_stands_under_the_sitter_and_nowhere_else(tmp_path):
    plan = plan_storyboard(parse(PROMPT))
    shot = plan.shots[0]
    (seat,) = shot.seats
    assert seat.sitter == shot.actors[0].id and not any(p.id == seat.id for p in shot.props)  # no predicted spot
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (placed,) = [p for p in performance.props if p.id == seat.id]
    pelvis = performance.actor(seat.sitter).root[-1]  # seated at the end of the shot
    # the pelvis over the seat's top, inside its footprint (the seat turned to the sitter's heading)
    local = pelvis[[0, 2]] - placed.center[[0, 2]]
    c, s = np.cos(placed.yaw), np.sin(placed.yaw)
    along, across = local @ [c, -s], local @ [s, c]
    assert abs(along) < seat.size[0] / 2 and abs(across) < seat.size[2] / 2, f"pelvis {along:.2f}, {across:.2f} m off"
    assert placed.center[1] + seat.size[1] / 2 < pelvis[1] < placed.center[1] + seat.size[1] / 2 + 0.5
    path = tmp_path / "plan.json"
    write_plan_record(path, plan, {}, [performance])
    recorded = json.loads(path.read_text())["seats"][shot.shot_id][seat.id]
    assert recorded["center"] == placed.center.tolist() and recorded["yaw_rad"] == placed.yaw


def _angle_deg(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    cos = (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def test_a_gesture_aimed_at_a_seat_points_where_its_sitter_stood_it():
    # bob comes first in the plan, so the seat he points at is stood by alice's posture before his arm is placed
    bob = Actor(id="bob", description="a man", actions=[
        Action(kind="gesture", verb="point", target="bench", start_s=0.5, end_s=2.5)])
    alice = Actor(id="alice", description="a woman", actions=[
        Action(kind="idle", verb="idle", posture="sit", target="bench", start_s=0.0, end_s=3.0)])
    storyboard = Storyboard(seed=3, fps=24, width=160, height=90, shots=[Shot(
        duration_s=3.0, actors=[bob, alice],
        environment=Environment(setting="park", props=[Prop(id="bench", kind="bench", relation="onto")]))])
    shot = direct(complete(storyboard)).shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (seat,) = [p for p in performance.props if p.id == "bench"]
    joints = performance.actor("bob").joints
    arm = joints[:, J["right_wrist"]] - joints[:, J["right_shoulder"]]
    aim = _angle_deg(arm, seat.center - joints[:, J["right_shoulder"]])
    stroke = slice(int(1.2 * shot.fps), int(2.0 * shot.fps))
    assert aim[stroke].max() < 5.0, f"the pointing arm is {aim[stroke].max():.0f}° off the seat"
    gaze = _angle_deg(performance.actor("bob").gaze - joints[:, J["head"]], seat.center - joints[:, J["head"]])
    assert gaze[stroke].max() < 10.0  # and he looks at it


def test_a_jump_clears_a_seat_where_its_sitter_stood_it():
    # carl, first in the plan, vaults the free end of the bench alice sits on; only her posture knows where it is
    seat = PlannedSeat(id="bench", kind="bench", size=[0.5, 0.41, 1.8], color="#7b5b3d", sitter="alice")
    alice = placed_actor("alice", [Action(kind="idle", verb="idle", posture="sit", target="bench", start_s=0.0,
                                          end_s=3.0)], start=ActorState(position=[0.0, 0.0, 0.0], heading_rad=np.pi / 2))
    carl = placed_actor("carl", [Action(kind="locomotion", verb="jog", start_s=0.0, end_s=1.0),
                                 Action(kind="jump", verb="vault", target="bench", start_s=1.0, end_s=3.0)],
                        character=Character(id="carl", build="athletic"),
                        start=ActorState(position=[-4.5, 0.0, 1.0], heading_rad=0.0, speed_mps=3.0, verb="jog"))
    shot = shot_plan([carl, alice], duration=3.0, seats=[seat])
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (bench,) = [p for p in performance.props if p.id == "bench"]
    sitter = performance.actor("alice").joints[:, J["pelvis"]]
    assert abs(sitter[-1, 0] - bench.center[0]) < 0.3  # she sits on it
    joints = performance.actor("carl").joints
    inside = joints_inside(joints, bench.center, bench.size, bench.yaw)
    assert not len(inside), f"{len(inside)} joint-frames inside the bench"
    half = np.abs([bench.size[0] * np.sin(bench.yaw), bench.size[2] * np.sin(bench.yaw)]).max() / 2
    feet = joints[-1, [J["left_ankle"], J["right_ankle"]], 0]
    assert (feet > bench.center[0] + half).all()  # he landed beyond it
    plant = [e for e in performance.events if e.actor == "carl" and e.kind == "hand_plant"]
    assert plant and abs(plant[0].position[0] - bench.center[0]) < half + 0.3  # a hand on the bench, not on air
