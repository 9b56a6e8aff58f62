"""Jumps: anticipation → takeoff → ballistic flight → landing → recovery, for the four jump types.

The pelvis is the body's ballistic point: between takeoff and touchdown its height follows
y0 + vy·t − g·t²/2 exactly and its horizontal velocity is constant (no mid-air steering).
Takeoff speed, angle, apex and flight time all come from one solve (physics/ballistics.py)
against the distance or height the plan asks for. Legs in ground contact are left to contact
pinning (physics/contacts.py); this module sets the pelvis path, the trunk and limb attitude,
the contacts, the hand placements and the events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.body.gait_params import nominal_speed
from cinemotion.body.ik import align, parent_global, two_bone
from cinemotion.body.skeleton import Body, J, forward_kinematics
from cinemotion.direct.obstacles import KINDS, LANDING_AFTER_M, TAKEOFF_BEFORE_M, clears, jump_type
from cinemotion.direct.plan import PlacedProp
from cinemotion.motion.locomotion.gait import perform as locomote
from cinemotion.motion.locomotion.gait_com import ballistic_offsets, center_of_mass
from cinemotion.motion.performance import Event
from cinemotion.motion.pose import interpolate_keys, rotations_from_angles
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.physics.ballistics import G as GRAVITY
from cinemotion.physics.ballistics import Launch, hermite, solve_launch
from cinemotion.physics.capsules import box_clearance
from cinemotion.spec.models import Action, Character
from cinemotion.spec.vocabulary import LOCOMOTION_VERBS

@cache
def jump_table() -> dict:
    return load_table("motion/jump/jumps.yaml")


@dataclass
class Program:
    """A jump laid out on its own motion clock τ (seconds from the window's start)."""

    tau: np.ndarray
    pelvis: np.ndarray  # (n, 3)
    contacts: np.ndarray  # (n, 2)
    keys: list[tuple[float, dict[str, float]]]
    events: list[tuple[float, str, dict]] = field(default_factory=list)
    hands: list[tuple[float, float, str, np.ndarray]] = field(default_factory=list)  # (τ0, τ1, side, point)
    end_velocity: np.ndarray = field(default_factory=lambda: np.zeros(3))
    lead_in_m: float = 0.0  # distance to run or walk before this program's anticipation starts


def _direction(heading: float) -> np.ndarray:
    return np.array([np.cos(heading), 0.0, -np.sin(heading)])


def _target_prop(action: Action, scene: SceneContext, kinds: list[str] | None = None) -> PlacedProp | None:
    """The prop direct named as this jump's target (direct/obstacles.py chose it on the path), if it is of `kinds`;
    a seat stands where its sitter's posture put it."""
    prop = next((p for p in scene.placed_props() if p.id == action.target), None)
    return prop if prop is not None and (kinds is None or prop.kind in kinds) else None


def _along(prop: PlacedProp, origin: np.ndarray, d: np.ndarray) -> tuple[float, float, float]:
    """Near face, far face (distance along d from origin) and top height of a prop box."""
    centre = float(np.dot(np.array(prop.center) - origin, d))
    return centre - prop.size[0] / 2, centre + prop.size[0] / 2, prop.center[1] + prop.size[1] / 2


def _intensity_scale(scene: SceneContext, action: Action) -> float:
    """0.6 … 1.2 from the shot's intensity and the action's speed word."""
    s = 0.6 + 0.06 * (scene.intensity - 1)
    return s * {"slow": 0.85, "normal": 1.0, "fast": 1.1}[action.speed]


CLEARANCE_TRIES = 3  # solver setting: flights re-solved higher until clear; one raise by the measured depth suffices
CLEARANCE_MARGIN_M = jump_table()["athletic"]["clearance_margin_m"]


# --- key poses (degrees), shared by every type: jumps.yaml key_poses ------------------------------
_KEY_POSES = jump_table()["key_poses"]
STAND = _KEY_POSES["stand"]
COIL = _KEY_POSES["coil"]
EXTEND_UP = _KEY_POSES["extend_up"]
EXTEND_FORWARD = _KEY_POSES["extend_forward"]
STRETCH = _KEY_POSES["stretch"]
REACH_LAND = _KEY_POSES["reach_land"]
LAND_TOUCH = _KEY_POSES["land_touch"]
LAND_FORWARD = _KEY_POSES["land_forward"]
ABSORB = _KEY_POSES["absorb"]
TUCK_SIDE = _KEY_POSES["tuck_side"]
HANG = _KEY_POSES["hang"]


def _countermovement(tau0: float, y0: float, depth: float, cm_s: float, prop_s: float,
                     launch: Launch, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Pelvis height from quiet stance down into the crouch and up to takeoff (velocity-matched)."""
    t1 = np.linspace(0.0, cm_s, n, endpoint=False)
    down = y0 - depth * 0.5 * (1 - np.cos(np.pi * t1 / cm_s))
    t2 = np.linspace(0.0, prop_s, n, endpoint=False)
    up = hermite(y0 - depth, 0.0, launch.y, launch.vy, prop_s, t2)
    return np.concatenate([tau0 + t1, tau0 + cm_s + t2]), np.concatenate([down, up])


def _landing(tau: float, land_y: float, v_land: float, settle_y: float, absorb_s: float,
             recovery_s: float, dip: float, n: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Touchdown → absorb (dip proportional to impact speed) → recover to standing height."""
    t1 = np.linspace(0.0, absorb_s, n, endpoint=False)
    low = min(land_y, settle_y) - dip
    absorb = hermite(land_y, -v_land, low, 0.0, absorb_s, t1)
    t2 = np.linspace(0.0, recovery_s, n)
    rec = low + (settle_y - low) * 0.5 * (1 - np.cos(np.pi * t2 / recovery_s))
    return np.concatenate([tau + t1, tau + absorb_s + t2]), np.concatenate([absorb, rec])


def _program_vertical(start: BodyState, body: Body, action: Action, scene: SceneContext) -> Program:
    tab, com = jump_table()["vertical"], jump_table()["common"]
    h = body.height_m
    y0 = body.rest[J["pelvis"], 1]
    d = _direction(start.heading_rad)
    ledge = _target_prop(action, scene, KINDS["vertical"])
    x0 = start.position.copy()
    x0[1] = y0
    y_to = y0 + com["standing_toe_rise"] * h
    if ledge is not None:
        near, _, top = _along(ledge, np.array([x0[0], 0.0, x0[2]]), d)
        wrist_reach = body.rest[J["left_shoulder"], 1] + np.linalg.norm(body.offsets[J["left_elbow"]]) \
            + np.linalg.norm(body.offsets[J["left_wrist"]]) - (y0 - y_to)
        rise = max(0.15, top - 0.04 - wrist_reach)
        lead_in = near - 0.32  # shoulders under the ledge's lip
    else:
        level = "high" if _intensity_scale(scene, action) > 1.0 else "low" if _intensity_scale(scene, action) < 0.75 else "normal"
        rise = tab["height_m"][level]
    launch = solve_launch(rise_m=rise, horizontal_m=0.0, y0=y_to)
    if ledge is None:
        lead_in = 0.0
    quiet = 0.12
    tau_a, y_a = _countermovement(quiet, y0, tab["depth"] * h, tab["countermovement_s"], tab["propulsion_s"], launch)
    t_to = quiet + tab["countermovement_s"] + tab["propulsion_s"]
    keys = [(0.0, STAND), (quiet + tab["countermovement_s"], COIL), (t_to, EXTEND_UP)]
    events = [(t_to, "takeoff", {"strength": min(1.0, launch.vy / 3.5)})]
    if ledge is not None:
        t_grab = t_to + launch.apex_s
        fl = np.linspace(t_to, t_grab, 20)
        y_fl = launch.height(fl - t_to)
        # Hang: the arms take the weight, the pelvis settles, then a pull-up lifts the chest to the lip.
        hang_t = np.linspace(0.0, 2.2, 60)
        settle = -0.06 * (1 - np.exp(-hang_t / 0.12)) * np.cos(2 * np.pi * 1.1 * hang_t) * np.exp(-hang_t / 0.6)
        pull = np.clip((hang_t - 0.9) / 1.0, 0.0, 1.0)
        y_hang = y_fl[-1] + settle + 0.32 * pull * pull * (3 - 2 * pull)
        tau = np.concatenate([[0.0], tau_a, fl, t_grab + hang_t[1:]])
        ys = np.concatenate([[y0], y_a, y_fl, y_hang[1:]])
        contacts = (tau < t_to)[:, None].repeat(2, axis=1)
        lip = np.array([x0[0], top + 0.02, x0[2]]) + d * (near + 0.04)
        side = np.array([np.sin(start.heading_rad), 0.0, np.cos(start.heading_rad)])
        span = 0.9 * np.linalg.norm(body.rest[J["left_shoulder"]] - body.rest[J["right_shoulder"]])
        hands = [(t_grab, tau[-1], "left", lip + side * span / 2), (t_grab, tau[-1], "right", lip - side * span / 2)]
        keys += [(t_grab, HANG), (t_grab + 0.9, HANG),
                 (t_grab + 1.9, {**HANG, "elbow_l": 120, "elbow_r": 120, "shoulder_flex_l": 60,
                                 "shoulder_flex_r": 60, "hip_flex_l": 30, "hip_flex_r": 25})]
        events.append((t_grab, "hand_plant", {"strength": 0.7}))
        pelvis = x0[None, :] + np.zeros((len(tau), 3))
        pelvis[:, 1] = ys
        return Program(tau, pelvis, contacts, keys, events, hands, lead_in_m=lead_in)
    t_land = t_to + launch.flight_s(y_to)
    fl = np.linspace(t_to, t_land, 24, endpoint=False)
    v_land = launch.speed_at(t_land - t_to)
    dip = min(com["landing_dip_max"], com["landing_dip_per_mps"] * v_land) * h
    tau_l, y_l = _landing(t_land, y_to, -launch.vertical_velocity(t_land - t_to), y0, com["absorb_s"],
                          com["recovery_s"], dip)
    tau = np.concatenate([[0.0], tau_a, fl, tau_l])
    ys = np.concatenate([[y0], y_a, launch.height(fl - t_to), y_l])
    contacts = ((tau < t_to) | (tau >= t_land))[:, None].repeat(2, axis=1)
    keys += [(t_to + launch.apex_s, EXTEND_UP), (t_land - 0.05, LAND_TOUCH), (t_land, LAND_TOUCH),
             (t_land + com["absorb_s"], ABSORB),
             (t_land + com["absorb_s"] + com["recovery_s"], STAND)]
    events.append((t_land, "landing", {"strength": min(1.0, v_land / 5.0), "speed_mps": v_land}))
    pelvis = x0[None, :] + np.zeros((len(tau), 3))
    pelvis[:, 1] = ys
    return Program(tau, pelvis, contacts, keys, events)


def _reach_ahead(body: Body, pose: dict[str, float]) -> float:
    """How far ahead of the hips a leg in this pose puts the ankle (metres)."""
    thigh, shank = np.linalg.norm(body.offsets[J["left_knee"]]), np.linalg.norm(body.offsets[J["left_ankle"]])
    hip, knee = np.radians(pose.get("hip_flex_l", 0.0)), np.radians(pose.get("knee_l", 0.0))
    return float(thigh * np.sin(hip) + shank * np.sin(hip - knee))


def _program_forward(start: BodyState, body: Body, action: Action, scene: SceneContext, kind: str,
                     lift: float = 0.0) -> Program:
    """Horizontal (gap), athletic (vault) and standing/running forward jumps; `lift` raises the apex over an obstacle
    (the limbs measured reaching lower than the clearance figure allows for)."""
    table, com = jump_table(), jump_table()["common"]
    h = body.height_m
    y0 = body.rest[J["pelvis"], 1]
    d = _direction(start.heading_rad)
    origin = np.array([start.position[0], 0.0, start.position[2]])
    speed0 = float(np.linalg.norm(start.velocity[[0, 2]]))
    y_to = y0 + com["standing_toe_rise"] * h
    land_y = y0 - 0.035 * h  # legs reach forward at touchdown, so the pelvis is lower than at takeoff
    clearance_top = None
    prop = _target_prop(action, scene)
    if kind == "horizontal" and prop is not None and clears(prop.kind) and not prop.walkable:
        kind = "athletic"  # over something standing in the way the legs tuck as in a vault, whatever the verb
    if kind == "athletic":
        tab = table["athletic"]
        near, far, top = _along(prop, origin, d) if prop is not None else (2.0, 2.4, 1.0)
        speed0 = float(np.clip(speed0, tab["approach_speed_mps"]["min"], tab["approach_speed_mps"]["max"]))
        # the take-off mark before the near face; where the run-up came in closer than planned, the take-off stance
        # still travels forward from where the body is (never back), and the launch steepens to clear the top
        stance = 0.5 * speed0 * tab["takeoff_contact_s"]
        x_to, x_land = max(near - TAKEOFF_BEFORE_M, stance), far + LANDING_AFTER_M
        clearance_top = top + tab["clearance_m"] + lift
    else:
        tab = table["horizontal"]
        if prop is not None:
            near, far, top = _along(prop, origin, d)
            if prop.kind != "gap":
                clearance_top = top + 0.25
        else:
            near, far = speed0 * 0.3 + 0.6, speed0 * 0.3 + 0.6 + tab["default_distance_m"]
        x_to = near - tab["takeoff_margin_m"] + 0.2
        x_land = far + tab["landing_margin_m"]
    running = speed0 >= 1.5
    if kind == "horizontal" and running:
        angle = np.radians(table["horizontal"]["running"]["angle_deg"]["typical"])
        launch = solve_launch(horizontal_m=x_land - x_to, y0=y_to, y_land=land_y, angle_rad=angle,
                              min_speed=speed0, max_speed=table["horizontal"]["running"]["max_speed_mps"],
                              clear_y=clearance_top, clear_at_m=(near + far) / 2 - x_to if clearance_top else None)
    elif kind == "athletic":
        launch = solve_launch(horizontal_m=x_land - x_to, y0=y_to, y_land=land_y, apex_y=clearance_top)
        if launch.vx > speed0:
            # a low obstacle (a bench): the flight to its clearance at the approach speed is shorter than the vault's
            # marks, so the body takes off nearer and lands sooner (a hurdle step) instead of flying the marks' span
            # higher; the flight still spans the box and a foot's margin either side of it
            rise, fall = max(clearance_top - y_to, 0.0), max(clearance_top - land_y, 0.0)
            apex_flight = np.sqrt(2 * rise / GRAVITY) + np.sqrt(2 * fall / GRAVITY)
            span = max(speed0 * apex_flight, far - near + 2 * tab["low_flight_margin_m"])
            x_to, x_land = max((near + far - span) / 2, stance), max((near + far + span) / 2, stance + span)
            t_fl = (x_land - x_to) / speed0
            launch = Launch(y_to, speed0, (land_y - y_to + GRAVITY * t_fl**2 / 2) / t_fl)
    else:
        launch = solve_launch(horizontal_m=x_land - x_to, y0=y_to, y_land=land_y,
                              angle_rad=np.radians(table["horizontal"]["standing"]["angle_deg"]),
                              clear_y=clearance_top,
                              clear_at_m=(near + far) / 2 - x_to if clearance_top else None)
    # Anticipation: a run-up keeps its speed and lowers on the penultimate step; a standing jump coils.
    # (perform() has already run or walked the actor up to within a step of the mark.)
    if running:
        contact = float(table["athletic"]["takeoff_contact_s"] if kind == "athletic"
                        else table["horizontal"]["running"]["takeoff_contact_s"])
        contact = float(np.clip(2 * x_to / (speed0 + launch.vx), contact, 0.45)) if x_to > 0 else contact
        tau_a = np.linspace(0.0, contact, 12, endpoint=False)
        x_a = hermite(0.0, speed0, x_to, launch.vx, contact, tau_a)
        low = y0 - table["horizontal"]["running"]["penultimate_lowering"] * h
        y_a = hermite(low, 0.0, launch.y, launch.vy, contact, tau_a)
        t_to = contact
        x_take = x_to
        lead_in = x_to - 0.5 * (speed0 + launch.vx) * contact
        contacts = np.stack([np.ones_like(tau_a, bool), np.full(len(tau_a), kind == "athletic")], axis=1)
        run_keys = [(0.0, {**COIL, "hip_flex_l": 30, "knee_l": 40, "hip_flex_r": 10, "knee_r": 60,
                           "trunk_lean": 15, "shoulder_flex_l": -40, "shoulder_flex_r": 60})]
    else:
        st = table["horizontal"]["standing"]
        quiet = 0.1
        tau_a, y_a = _countermovement(quiet, y0, st["depth"] * h, st["countermovement_s"], st["propulsion_s"], launch)
        t_to = quiet + st["countermovement_s"] + st["propulsion_s"]
        drive = launch.vx * st["propulsion_s"] / 2  # constant push: the pelvis covers half of vx·t
        x_take = x_to if x_to > 0 else drive
        lead_in = x_to - drive
        x_a = hermite(0.0, 0.0, x_take, launch.vx, st["propulsion_s"],
                      np.clip(tau_a - (t_to - st["propulsion_s"]), 0.0, None))
        tau_a, x_a, y_a = np.concatenate([[0.0], tau_a]), np.concatenate([[0.0], x_a]), np.concatenate([[y0], y_a])
        contacts = np.ones((len(tau_a), 2), bool)
        run_keys = [(0.0, STAND), (quiet, STAND), (t_to - st["propulsion_s"], COIL)]
    t_fl = launch.flight_s(land_y)
    fl = np.linspace(0.0, t_fl, max(12, int(t_fl * 60)), endpoint=False)
    x_fl = x_take + launch.vx * fl
    y_fl = launch.height(fl)
    t_land = t_to + t_fl
    v_down = -launch.vertical_velocity(t_fl)
    v_land = float(np.hypot(v_down, launch.vx))
    dip = min(com["landing_dip_max"], com["landing_dip_per_mps"] * v_land) * h
    tau_l, y_l = _landing(t_land, land_y, v_down, y0, com["absorb_s"], com["recovery_s"], dip)
    # Horizontal braking: the pelvis comes to rest over the feet that reached forward to land.
    brake = _reach_ahead(body, LAND_FORWARD) + 0.02
    x_l = x_take + launch.vx * t_fl + brake * (1 - np.exp(-(tau_l - t_land) * launch.vx / max(brake, 1e-6)))
    tau = np.concatenate([tau_a, t_to + fl, tau_l])
    along = np.concatenate([x_a, x_fl, x_l])
    pelvis = origin[None, :] + along[:, None] * d[None, :]
    pelvis[:, 1] = np.concatenate([y_a, y_fl, y_l])
    contacts = np.concatenate([contacts, np.zeros((len(fl), 2), bool), np.ones((len(tau_l), 2), bool)])
    if kind == "athletic":  # knees come up to the chest early and stay tucked over the obstacle
        air = [(t_to + 0.22 * t_fl, TUCK_SIDE), (t_to + 0.72 * t_fl, TUCK_SIDE)]
    else:
        air = [(t_to + 0.4 * t_fl, STRETCH), (t_land - 0.25 * t_fl, REACH_LAND)]
    keys = run_keys + [(t_to, EXTEND_FORWARD), *air, (t_land, LAND_FORWARD),
                       (t_land + com["absorb_s"], ABSORB), (t_land + com["absorb_s"] + com["recovery_s"], STAND)]
    events = [(t_to, "takeoff", {"strength": min(1.0, launch.speed / 8.0), "speed_mps": launch.speed}),
              (t_to + 0.3 * t_fl, "whoosh", {"strength": min(1.0, launch.speed / 9.0)}),
              (t_land, "landing", {"strength": min(1.0, v_land / 7.0), "speed_mps": v_land})]
    hands = []
    if jump_type(action) == "athletic" and prop is not None:
        # A vaulter plants one hand on the obstacle top while the legs swing over it.
        t_over = t_to + (((near + far) / 2 - x_take) / max(launch.vx, 1e-6))
        side = np.array([np.sin(start.heading_rad), 0.0, np.cos(start.heading_rad)])
        plant = origin + d * ((near + far) / 2) + side * 0.18
        plant[1] = top + 0.03
        hands.append((max(t_to, t_over - 0.16), t_over + 0.12, "left", plant))
        events.append((max(t_to, t_over - 0.16), "hand_plant", {"strength": 0.6}))
    end_v = d * launch.vx * np.exp(-(tau[-1] - t_land) * launch.vx / max(brake, 1e-6))
    return Program(tau, pelvis, contacts, keys, events, hands, end_velocity=end_v, lead_in_m=lead_in)


def _program_casual(start: BodyState, body: Body, action: Action, scene: SceneContext, duration: float) -> Program:
    """Repeated hops on one foot, or a skip's step-hop on alternating feet, each flight ballistic."""
    style = "skip" if action.verb == "skip" else "hop"
    tab = jump_table()["casual"][style]
    h = body.height_m
    y0 = body.rest[J["pelvis"], 1]
    d = _direction(start.heading_rad)
    origin = np.array([start.position[0], 0.0, start.position[2]])
    period = 1.0 / tab["frequency_hz"]
    flight = tab["flight_s"]
    launch = solve_launch(rise_m=9.81 * flight**2 / 8, horizontal_m=0.0, y0=y0)
    taus, ys, contacts, events, keys = [], [], [], [], []
    n_hops = max(1, int(duration / period))
    for k in range(n_hops):
        t0 = k * period
        stance = period - flight
        ts = np.linspace(0.0, stance, 12, endpoint=False)
        dip = 0.03 * h * np.sin(np.pi * ts / stance)
        tf = np.linspace(0.0, flight, 10, endpoint=False)
        taus += [t0 + ts, t0 + stance + tf]
        ys += [y0 - dip, launch.height(tf)]
        foot = k % 2 if style == "skip" else 0
        c = np.zeros((len(ts), 2), bool)
        c[:, foot] = True
        contacts += [c, np.zeros((len(tf), 2), bool)]
        events += [(t0, "foot_strike", {"side": ["left", "right"][foot], "strength": 0.35}),
                   (t0 + stance, "takeoff", {"strength": 0.3})]
        free = 1 - foot
        keys += [(t0, {**STAND, f"hip_flex_{'lr'[free]}": 35, f"knee_{'lr'[free]}": 70,
                       "shoulder_flex_l": 25 if free == 1 else -15, "shoulder_flex_r": -15 if free == 1 else 25}),
                 (t0 + stance, {**STAND, f"hip_flex_{'lr'[free]}": 45, f"knee_{'lr'[free]}": 80, "ankle_l": -20,
                                "ankle_r": -20})]
    tau = np.concatenate(taus)
    along = tab["speed_mps"] * tau
    pelvis = origin[None, :] + along[:, None] * d[None, :]
    pelvis[:, 1] = np.concatenate(ys)
    return Program(tau, pelvis, np.concatenate(contacts), keys, events,
                   end_velocity=d * tab["speed_mps"])


def place_hand(rotations: np.ndarray, root: np.ndarray, body: Body, side: str, target: np.ndarray,
               active: np.ndarray | None = None) -> np.ndarray:
    """Arm IK: put the wrist on `target` ((3,) or per frame (F, 3)) on the frames where `active`."""
    active = np.ones(len(rotations), bool) if active is None else active
    if not active.any():
        return rotations
    s, e, w = J[f"{side}_shoulder"], J[f"{side}_elbow"], J[f"{side}_wrist"]
    idx = np.flatnonzero(active)
    joints = forward_kinematics(body.offsets, root[idx], rotations[idx])
    shoulder = joints[:, s]
    goal = np.broadcast_to(target, (len(rotations), 3))[idx] if np.ndim(target) == 2 else \
        np.broadcast_to(target, shoulder.shape)
    upper, lower = np.linalg.norm(body.offsets[e]), np.linalg.norm(body.offsets[w])
    pole = np.broadcast_to(np.array([0.0, -0.3, -1.0]), shoulder.shape)
    elbow, wrist = two_bone(shoulder, goal, upper, lower, pole)
    parent = parent_global(rotations[idx], s)
    back = np.array([0.0, 0.0, -1.0])
    upper_g = align(body.offsets[e], back, elbow - shoulder, pole)
    lower_g = align(body.offsets[w], back, wrist - elbow, pole)
    out = rotations.copy()
    out[idx, s] = (parent.inv() * upper_g).as_quat()
    out[idx, e] = (upper_g.inv() * lower_g).as_quat()
    return out


def _program(kind: str, start: BodyState, body: Body, action: Action, scene: SceneContext,
             window: float, lift: float = 0.0) -> Program:
    if kind == "vertical":
        return _program_vertical(start, body, action, scene)
    if kind == "casual":
        return _program_casual(start, body, action, scene, window)
    return _program_forward(start, body, action, scene, kind, lift)


def _lead_in(action: Action, program: Program, start: BodyState, times: np.ndarray, actor_id: str,
             body: Body, character: Character, scene: SceneContext, rng: np.random.Generator) -> Segment | None:
    """Run (or walk) up to the takeoff mark with the locomotion generator, adjusting to hit it."""
    if program.lead_in_m < 0.3:
        return None

    moving = np.linalg.norm(start.velocity[[0, 2]]) >= 1.5
    verb = start.verb if moving and start.verb in LOCOMOTION_VERBS else "run" if moving else "walk"
    speed = max(float(np.linalg.norm(start.velocity[[0, 2]])), nominal_speed(verb, scene.intensity, action.speed))
    t_lead = program.lead_in_m / speed / scene.motion_time_scale
    k = int(np.searchsorted(times, times[0] + t_lead))
    if k < 2 or k >= len(times) - 2:
        return None
    run = Action(kind="locomotion", verb=verb, speed=action.speed, start_s=float(times[0]),
                 end_s=float(times[k]))
    return locomote(run, actor_id=actor_id, body=body, character=character, start=start, times=times[:k],
                    next_action=action, scene=scene, rng=rng)


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Fill one jump window: (run-up,) anticipation, takeoff, flight, landing and recovery."""
    kind = jump_type(action)
    window = (float(times[-1] - times[0]) + 1.0 / scene.shot.fps) * scene.motion_time_scale
    lead = _lead_in(action, _program(kind, start, body, action, scene, window), start, times, actor_id,
                    body, character, scene, rng)
    if lead is None:
        return _perform_program(kind, action, actor_id, body, start, times, scene)
    n = len(lead.root)
    rest = _perform_program(kind, action, actor_id, body, lead.end, times[n:], scene)
    return Segment(first=0, rotations=np.concatenate([lead.rotations, rest.rotations]),
                   root=np.concatenate([lead.root, rest.root]),
                   contacts=np.concatenate([lead.contacts, rest.contacts]),
                   events=lead.events + rest.events, end=rest.end)


def _perform_program(kind: str, action: Action, actor_id: str, body: Body, start: BodyState,
                     times: np.ndarray, scene: SceneContext) -> Segment:
    t0 = float(times[0])
    tau = (times - t0) * scene.motion_time_scale
    window = float(tau[-1]) + scene.motion_time_scale / scene.shot.fps
    obstacle = _target_prop(action, scene) if kind in ("athletic", "horizontal") else None
    lift = 0.0
    for _ in range(CLEARANCE_TRIES):
        program = _program(kind, start, body, action, scene, window, lift)
        root, rotations, contacts, after = _sampled(program, tau, start, body)
        if obstacle is None or not clears(obstacle.kind) or obstacle.walkable:
            break
        # the limbs of the flight pose reach lower than the clearance figure allows for: fly higher by the depth
        joints = forward_kinematics(body.offsets, root, rotations)
        depth = -box_clearance(joints, 0.0, obstacle.center, obstacle.size, obstacle.yaw_rad).min()
        if depth <= -CLEARANCE_MARGIN_M:
            break
        lift += depth + CLEARANCE_MARGIN_M
    events = []
    for when, kind_name, data in program.events:
        if when > tau[-1] + 1e-9:
            continue
        ti = int(np.clip(np.searchsorted(tau, when), 0, len(tau) - 1))
        pos = tuple(float(v) for v in root[ti] * np.array([1.0, 0.0, 1.0]))
        events.append(Event(time_s=t0 + when / scene.motion_time_scale, kind=kind_name, actor=actor_id,
                            side=data.get("side"), position=pos, strength=float(data.get("strength", 0.5)),
                            speed_mps=float(data.get("speed_mps", 0.0)), surface=scene.surface))
    end_velocity = program.end_velocity if not after.any() else np.zeros(3)
    end = BodyState(position=root[-1].copy(), heading_rad=start.heading_rad, velocity=end_velocity,
                    gait_phase=0.0, verb=action.verb, rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events, end=end)


def _sampled(program: Program, tau: np.ndarray, start: BodyState,
             body: Body) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Root, rotations and contacts of a program on the window's frames (motion clock `tau`), and the frames after
    it ended; after it ends, the body holds its last standing state."""
    root = np.stack([np.interp(tau, program.tau, program.pelvis[:, k]) for k in range(3)], axis=1)
    contacts = np.stack([np.interp(tau, program.tau, program.contacts[:, k].astype(float)) > 0.5
                         for k in range(2)], axis=1)
    after = tau > program.tau[-1]  # the jump is over: stand where it ended until the window closes
    contacts[after] = True
    angles = interpolate_keys(program.keys, tau)
    heading = np.full(len(tau), start.heading_rad)
    rotations = rotations_from_angles(angles, heading, len(tau))
    # The program flies the pelvis on the launch's parabola; the tucking, swinging limbs move the body's centre of
    # mass against it, so shift the pelvis until the centre of mass itself is in free fall (then plant the hands).
    com = center_of_mass(forward_kinematics(body.offsets, root, rotations))
    root[:, 1] += ballistic_offsets(com[:, 1], tau, ~contacts.any(axis=1), GRAVITY)
    for tau0, tau1, side, point in program.hands:
        rotations = place_hand(rotations, root, body, side, point, (tau >= tau0) & (tau <= tau1))
    return root, rotations, contacts, after
