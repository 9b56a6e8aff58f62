"""Sitting down on a seat, staying seated, and standing up again (postures.yaml for the figures).

The feet stay planted where the body stood; the pelvis travels between standing over them and
resting on the seat's front half. Rising follows the phases of sit-to-stand: the trunk pitches
forward while the hips are still seated, the hips leave the seat at the peak of that lean, then the
body extends; sitting down runs the same sequence backwards. Legs are solved by IK onto the feet.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import verbs
from cinemotion.body.ik import leg_rotations
from cinemotion.body.skeleton import Body, J
from cinemotion.core import rates
from cinemotion.direct.layout import prop_table
from cinemotion.direct.plan import PlacedProp, PlannedSeat
from cinemotion.motion.locomotion.footing import standing_feet
from cinemotion.motion.locomotion.gait_plan import direction, lateral, yaw
from cinemotion.motion.performance import Event, PropState
from cinemotion.motion.pose import rotations_from_angles
from cinemotion.motion.posture import standing
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action, Character


class SittingFigures(Figures):
    moving_mps: Figure[float]


FIGURES = load_table("motion/posture/sitting.yaml", SittingFigures)
MOVING_MPS = FIGURES.moving_mps.value


LOWERED = ("sit", "crouch")


@cache
def table(posture: str = "sit") -> dict:
    return load_table("motion/posture/postures.yaml")[posture]


def find_seat(action: Action, scene: SceneContext, actor_id: str) -> PlannedSeat | None:
    """The seat direct chose for this sit: the one the action names, else the actor's own."""
    seats = scene.shot.seats
    return next((p for p in seats if p.id == action.target), None) or next(
        (p for p in seats if p.sitter == actor_id), None)


def seated_pelvis(feet: np.ndarray, heading: float, body: Body) -> np.ndarray:
    """Where a sitter's pelvis rests over the ground: a thigh's length behind the planted feet (knees over feet)."""
    return feet - direction(heading) * np.linalg.norm(body.offsets[J["left_knee"]])


def seat_center(pelvis: np.ndarray, heading: float, size) -> np.ndarray:
    """Centre of the seat a pelvis (ground point) rests on, facing `heading`, the sitter near its front edge."""
    center = pelvis * [1.0, 0.0, 1.0] - direction(heading) * (size[0] / 2 - prop_table()["seat"]["pelvis_from_front_m"])
    center[1] = size[1] / 2
    return center


def _seated_root(seat: PlannedSeat | None, feet_mid: np.ndarray, heading: float, body: Body) -> np.ndarray:
    """Pelvis position seated: a thigh's length behind the planted feet, on the seat's top (knees over feet)."""
    t = table()
    point = seated_pelvis(feet_mid, heading, body)
    top = seat.size[1] if seat is not None else min(t["default_seat_m"], prop_table()["seat"]["popliteal_h"] * body.height_m)
    hip_to_pelvis = body.rest[J["pelvis"], 1] - body.rest[J["left_hip"], 1]
    return np.array([point[0], top + t["hip_above_seat_h"] * body.height_m + hip_to_pelvis, point[2]])


def _standing_seat(seat: PlannedSeat, seated: np.ndarray, heading: float) -> PropState:
    """The seat, stood where the body sits on it: the one place a seat's position is decided."""
    return PropState(id=seat.id, kind=seat.kind, center=seat_center(seated, heading, seat.size),
                     size=np.array(seat.size), yaw=heading, color=seat.color)


def placed_seat(seat: PropState) -> PlacedProp:
    """A seat this posture stood, as a placed prop for the stages after it (a gesture's aim, a jump's obstacle)."""
    return PlacedProp(id=seat.id, kind=seat.kind, center=np.asarray(seat.center, float).tolist(),
                      size=np.asarray(seat.size, float).tolist(), yaw_rad=seat.yaw, color=seat.color, relation="onto")


def _seat_event(seated: np.ndarray, time_s: float, actor_id: str, surface: str) -> Event:
    """The moment the hips land (a dull thump for the soundtrack)."""
    return Event(time_s=time_s, kind="sit", actor=actor_id, position=tuple(float(v) for v in seated * [1, 0, 1]),
                 strength=0.4, surface=surface)


def _joined(parts: list[Segment]) -> Segment:
    """Consecutive segments of one window as one."""
    return Segment(first=0, rotations=np.concatenate([p.rotations for p in parts]),
                   root=np.concatenate([p.root for p in parts]), contacts=np.concatenate([p.contacts for p in parts]),
                   events=[e for p in parts for e in p.events], end=parts[-1].end,
                   seats=[seat for p in parts for seat in p.seats])


def _bump(u: np.ndarray, peak: float) -> np.ndarray:
    """0 → 1 at `peak` → 0, smooth: the trunk's extra lean through a transition."""
    return np.where(u < peak, np.sin(0.5 * np.pi * u / peak) ** 2,
                    np.cos(0.5 * np.pi * (u - peak) / (1 - peak)) ** 2)


def _seatedness(tau: np.ndarray, down: tuple[float, float] | None, up: tuple[float, float] | None,
                seated_at_start: bool, seat_off: float) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: how far the hips are down (0 standing, 1 seated or crouched) and the trunk's extra lean (0–1)."""
    s = np.full(len(tau), 1.0 if seated_at_start else 0.0)
    lean = np.zeros(len(tau))
    if down is not None:  # rising backwards: the hips land while leaning, then the trunk comes upright
        u = np.clip((tau - down[0]) / (down[1] - down[0]), 0.0, 1.0)
        s = np.where(tau >= down[0], rates.smooth(u / (1 - seat_off)), s)
        lean += np.where((tau >= down[0]) & (tau <= down[1]), _bump(u, 1 - seat_off), 0.0)
    if up is not None:  # flexion momentum, seat-off at the peak lean, then extension
        u = np.clip((tau - up[0]) / (up[1] - up[0]), 0.0, 1.0)
        s = np.where(tau >= up[0], 1.0 - rates.smooth((u - seat_off) / (1 - seat_off)), s)
        lean += np.where((tau >= up[0]) & (tau <= up[1]), _bump(u, seat_off), 0.0)
    return s, lean


def _windows(action: Action, next_action: Action | None, tau_end: float, seated_at_start: bool,
             t: dict) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """When (motion time) the body goes down and stands up inside this window, if it does."""
    sitting = action.posture in LOWERED
    down = None
    if sitting and not seated_at_start:
        down = (0.0, min(t["sit_down_s"], t["max_share"] * tau_end))
    rising = (not sitting and seated_at_start) or (sitting and next_action is not None and next_action.kind not in (
        "gesture", "speak") and next_action.posture is None)
    up = None
    if rising:
        length = min(t["stand_up_s"], t["max_share"] * tau_end)
        up = (0.0, length) if not sitting else (tau_end - length, tau_end)
    return down, up


def takes_over(action: Action, start: BodyState) -> bool:
    """Whether an idle window is a posture change or a seated hold (this module), not plain standing."""
    return action.posture in ("sit", "crouch", "turn") or start.verb in ("sit", "crouch")


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Sit (down, if standing) and stay seated; or, starting seated, stand up (see module docstring)."""
    if action.posture == "turn":
        return _turn_then_stand(action, actor_id=actor_id, body=body, character=character, start=start,
                                times=times, next_action=next_action, scene=scene, rng=rng)
    if action.posture == "sit" and start.verb in verbs() and len(times) > 8:  # walked up to the seat
        return _stop_then_sit(action, actor_id=actor_id, body=body, character=character, start=start, times=times,
                              next_action=next_action, scene=scene, rng=rng)
    low = "crouch" if "crouch" in (action.posture, start.verb) else "sit"
    t = table(low)
    tau = (times - times[0]) * scene.motion_time_scale
    tau_end = float(tau[-1]) if len(tau) > 1 else 0.1
    heading = start.heading_rad
    # a shot that opens on a sitter shows someone already seated ("a woman sitting on a bench")
    seated_at_start = start.verb in LOWERED or (action.posture in LOWERED and times[0] <= 1e-9
                                                 and np.linalg.norm(start.velocity) < MOVING_MPS)
    # 1. where the feet are planted, and the two pelvis positions the body moves between
    planted = standing_feet(body, start)
    feet = {side: flat for side, (flat, _, _) in planted.items()}
    feet_mid = 0.5 * (feet["left"] + feet["right"])
    seat = find_seat(action, scene, actor_id) if low == "sit" else None
    if low == "sit":
        seated = _seated_root(seat, feet_mid, heading, body)
    else:  # a crouch: the pelvis low and a little behind the feet, the heels down
        seated = feet_mid - direction(heading) * t["pelvis_back_h"] * body.height_m
        seated[1] = t["pelvis_h"] * body.height_m
    standing = start.position.copy() if not seated_at_start else np.array(
        [feet_mid[0], body.rest[J["pelvis"], 1], feet_mid[2]])
    if start.verb == low:
        seated = start.position.copy()
    # 2. the timeline: sit down, hold, stand up
    down, up = _windows(action, next_action, tau_end, seated_at_start, t)
    s, lean = _seatedness(tau, down, up, seated_at_start, t["seat_off"])
    root = standing + (seated - standing) * s[:, None]
    # 3. trunk, head and arms from angles; legs by IK onto the planted feet
    tilt = np.radians(t["pelvis_tilt_deg"]) * s
    spine = np.radians(t["spine_lean_deg"]) * s
    flex = np.radians(t["peak_trunk_flex_deg"]) * lean
    angles = {"pelvis_pitch": tilt + 0.6 * flex, "trunk_lean": spine + 0.4 * flex,
              "neck_flex": -0.5 * (flex + tilt + spine)}  # the eyes stay on the horizon
    for side in "lr":
        angles[f"shoulder_flex_{side}"] = np.radians(t["shoulder_flex_deg"]) * s
        angles[f"elbow_{side}"] = np.radians(t["elbow_flex_deg"]) * s
    rotations = rotations_from_angles(angles, np.full(len(tau), heading), len(tau))
    pelvis = Rotation.from_quat(rotations[:, 0])
    forward = direction(heading)
    for side in ("left", "right"):
        hip = root + pelvis.apply(body.offsets[J[f"{side}_hip"]])
        target = np.repeat(feet[side][None], len(tau), axis=0)
        foot = yaw(np.full(len(tau), planted[side][1]))
        pole = forward + 0.15 * lateral(heading) * (1 if side == "left" else -1)  # knees a little apart
        local, _ = leg_rotations(body.offsets, pelvis, hip, target, np.tile(pole, (len(tau), 1)), foot, side)
        rotations[:, [J[f"{side}_hip"], J[f"{side}_knee"], J[f"{side}_ankle"]]] = local
    events, seats = [], []
    if seat is not None and action.posture == "sit" and start.verb != "sit":
        landed = times[0] + (down[0] + (1 - t["seat_off"]) * (down[1] - down[0])) / scene.motion_time_scale \
            if down is not None else times[0]
        events.append(_seat_event(seated, float(landed), actor_id, scene.surface))
    # the sitter's seat stands where the body sits down, or sits from the first frame (seated across a cut)
    if seat is not None and seat.sitter == actor_id and action.posture == "sit" and (
            start.verb != "sit" or times[0] <= 1e-9):
        seats.append(_standing_seat(seat, seated, heading))
    end = BodyState(position=root[-1].copy(), heading_rad=heading, velocity=np.zeros(3),
                    verb=low if s[-1] > 0.5 else "idle", rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=np.ones((len(tau), 2), bool), events=events,
                   end=end, seats=seats)


def _stop_then_sit(action: Action, *, times: np.ndarray, rng: np.random.Generator, **kw) -> Segment:
    """A body arriving on its feet stops (motion.posture.standing), turns its back to the seat it walked up to, then sits."""
    dt = max(times[1] - times[0], 1e-6)
    moving = np.linalg.norm(kw["start"].velocity) >= MOVING_MPS
    k = max(1, min(len(times) // 3, int(round(standing.STOPPING_S / dt)))) if moving else 1
    stop = standing.perform(action.model_copy(update={"posture": None}), times=times[:k], rng=rng,
                        **{**kw, "next_action": action})
    m = k + max(2, min(len(times) // 4, int(round(table()["turn_around_s"] / dt))))
    turn = _turn_around(stop.end, times[k:m], kw["body"], kw["actor_id"], kw["scene"])
    sit = perform(action, times=times[m:], rng=rng, **{**kw, "start": turn.end})
    return _joined([stop, turn, sit])


def _turn_then_stand(action: Action, *, times: np.ndarray, rng: np.random.Generator, **kw) -> Segment:
    """'She turns around': a stop if moving, half a turn on the spot, then standing."""
    dt = max(times[1] - times[0], 1e-6) if len(times) > 1 else 1.0
    still = action.model_copy(update={"posture": None})
    moving = np.linalg.norm(kw["start"].velocity) >= MOVING_MPS
    k = max(1, min(len(times) // 3, int(round(standing.STOPPING_S / dt)))) if moving else 0
    parts = [standing.perform(still, times=times[:k], rng=rng, **{**kw, "next_action": action})] if k else []
    start = parts[-1].end if parts else kw["start"]
    m = k + max(2, min(len(times) - k, int(round(table()["turn_around_s"] / dt))))
    parts.append(_turn_around(start, times[k:m], kw["body"], kw["actor_id"], kw["scene"]))
    if m < len(times):
        parts.append(standing.perform(still, times=times[m:], rng=rng, **{**kw, "start": parts[-1].end}))
    return _joined(parts)


def _turn_around(start: BodyState, times: np.ndarray, body: Body, actor_id: str, scene: SceneContext) -> Segment:
    """Half a turn on the spot in four quarter steps, the feet taking turns around their midpoint."""
    n = len(times)
    u = np.linspace(0.0, 1.0, n)
    feet0 = {side: flat * [1, 0, 1] for side, (flat, _, _) in standing_feet(body, start).items()}
    mid = 0.5 * (feet0["left"] + feet0["right"])
    heading = start.heading_rad + np.pi * rates.ease_in_out(u)
    root = np.repeat((mid + [0.0, body.rest[J["pelvis"], 1], 0.0])[None], n, axis=0)
    rotations = rotations_from_angles({}, heading, n)
    pelvis = Rotation.from_quat(rotations[:, 0])
    contacts = np.ones((n, 2), bool)
    events = []
    for k, side in enumerate(("left", "right")):
        turned = np.zeros(n)
        lift = np.zeros(n)
        for step in range(2):  # this foot's quarter steps: left, right, left, right
            v = np.clip(4 * u - (2 * step + k), 0.0, 1.0)
            turned += 0.5 * np.pi * rates.ease_in_out((v - 0.25) / 0.5)  # up, around, then down
            lift += np.sin(np.pi * v) * (v > 0) * (v < 1)
            contacts[(v > 0) & (v < 1), k] = False
            end_t = times[0] + (2 * step + k + 1) / 4 * (times[-1] - times[0])
            events.append(Event(time_s=float(end_t), kind="foot_strike", actor=actor_id, side=side,
                                position=tuple(float(x) for x in mid), strength=0.2, speed_mps=0.3,
                                surface=scene.surface))
        target = mid + Rotation.from_euler("y", turned[:, None]).apply(feet0[side] - mid)
        target[:, 1] = body.rest[J["left_ankle"], 1] + table()["turn_step_lift_m"] * lift
        foot = Rotation.from_euler("y", (start.heading_rad + np.pi / 2 + turned)[:, None])
        hip = root + pelvis.apply(body.offsets[J[f"{side}_hip"]])
        local, _ = leg_rotations(body.offsets, pelvis, hip, target, direction(heading), foot, side)
        rotations[:, [J[f"{side}_hip"], J[f"{side}_knee"], J[f"{side}_ankle"]]] = local
    end = BodyState(position=root[-1].copy(), heading_rad=float(heading[-1]), velocity=np.zeros(3), verb="idle",
                    rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events, end=end)
