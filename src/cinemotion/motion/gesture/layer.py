"""Gestures, speech movement and involuntary life, layered on the body track already in motion.

The legs and pelvis are left as the body generators made them; gestures add trunk/head angles
(nod, glance back, shrug's raised shoulders, breathing) and replace an arm's pose by inverse
kinematics where a hand has somewhere to be (beside the head for a wave, on the face for a facepalm,
over a keyboard for typing), blended in and out by each gesture's phase envelope.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import PARENTS, Body, J, anthropometry, forward_kinematics, global_rotations
from cinemotion.core import rates
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import PlacedActor, PlacedProp, ShotPlan
from cinemotion.motion.extremities.hands import SIDES, hand_table
from cinemotion.motion.gesture.arms import (
    ARM,
    elbow_pole,
    hand_rotation,
    mirror,
    mirror_axis,
    slerp_rotations,
    solve_arm,
    to_world,
    unit,
)
from cinemotion.motion.gesture.events import claps, keystrokes, whooshes
from cinemotion.motion.gesture.life import breathing
from cinemotion.motion.gesture.schedule import ScheduledGesture, gesture_table, schedule
from cinemotion.motion.performance import ActorMotion, Event, SpokenLine
from cinemotion.motion.pose import ANGLE_AXES
from cinemotion.motion.speech import line_of

# Trunk and head angle channels (degrees in the table): pose.py's, plus shoulder elevation and head tilt.
# A raised collar is countered at the shoulder so the arm keeps hanging while the shoulder point rises.
AXES = {**ANGLE_AXES,
        "collar_elev": [("left_collar", "z", 1.0), ("right_collar", "z", -1.0),
                        ("left_shoulder", "z", -1.0), ("right_shoulder", "z", 1.0)],
        "head_tilt": [("neck", "z", 0.4), ("head", "z", 0.6)]}
_AXIS = {"x": 0, "y": 1, "z": 2}  # layout: an axis name's index in a vector


class LayerFigures(Figures):
    tremor_share: Figure[dict[str, float]]
    gaze_distance_m: Figure[float]
    head_turn_limit_deg: Figure[float]


FIGURES = load_table("motion/gesture/layer.yaml", LayerFigures)
TREMOR_SHARE = FIGURES.tremor_share.value  # share of a tremor's amplitude at each joint: distal joints shake most
GAZE_DISTANCE_M = FIGURES.gaze_distance_m.value  # where resting eyes converge, ahead of the face
HEAD_TURN_LIMIT_DEG = FIGURES.head_turn_limit_deg.value  # active neck rotation each way


def _add_angles(rotvec: np.ndarray, angles: dict[str, float], weight: np.ndarray) -> None:
    """Add named angles (degrees) × weight (F,) into rotation vectors (F, 22, 3)."""
    for name, degrees in angles.items():
        for joint, axis, share in AXES[name]:
            rotvec[:, J[joint], _AXIS[axis]] += share * np.radians(degrees) * weight


def narrowband(times: np.ndarray, low_hz: float, high_hz: float, rng: np.random.Generator,
               components: int = 4) -> np.ndarray:
    """Unit-RMS noise (F,) with its energy between two frequencies: a sum of random-phase sinusoids."""
    freqs = rng.uniform(low_hz, high_hz, components)
    phases = rng.uniform(0, 2 * np.pi, components)
    return np.sin(2 * np.pi * freqs[None, :] * times[:, None] + phases).sum(axis=1) * np.sqrt(2.0 / components)


def _tremor_hz(shot: ShotPlan) -> float:
    """A physiological tremor keeps its frequency whatever the gesture's speed; time_scale still slows it."""
    table = gesture_table()
    base = table["gestures"]["tremble"]["frequency_hz"] * shot.time_scale
    return min(base, table["modifiers"]["max_tremor_fraction_of_fps"] * shot.fps)


def _add_beats(rotvec: np.ndarray, g: ScheduledGesture, times: np.ndarray, line: SpokenLine) -> None:
    """Beat gestures: a quick lift of the forearm and head on words of the spoken line (voice timings)."""
    beats = g.spec["beats"]
    words = line.utterance.words[::beats["every"]]
    pulse = np.zeros(len(times))
    for start, _, _ in words:
        onset = g.action.start_s + start - beats["lead_s"]
        pulse = np.maximum(pulse, rates.there_and_back((times - onset) / beats["pulse_s"]))
    _add_angles(rotvec, beats["angles"], pulse * g.envelope(times) * g.amplitude)


def _trunk_layer(gestures: list[ScheduledGesture], times: np.ndarray, shot: ShotPlan, actor: PlacedActor,
                 lines: Sequence[SpokenLine], head_aims: dict[int, np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Additive rotation vectors (F, 22, 3) of every gesture's trunk/head angles, rhythms, beats and tremor."""
    rotvec = np.zeros((len(times), len(J), 3))
    for k, g in enumerate(gestures):
        envelope = g.envelope(times)
        if not envelope.any():
            continue
        angles = dict(g.spec.get("angles", {}))
        if g.spec.get("turn") == "sided":
            side = {"left": 1.0, "right": -1.0}.get(g.action.direction or "", rng.choice([-1.0, 1.0]))
            angles = {n: v * side if n in ("head_turn", "trunk_twist") else v for n, v in angles.items()}
        _add_angles(rotvec, angles, envelope * g.amplitude)
        if k in head_aims:
            rotvec[:, J["neck"], 1] += 0.5 * head_aims[k] * envelope
            rotvec[:, J["head"], 1] += 0.5 * head_aims[k] * envelope
        phase, gain = g.cycle_phase(times)
        rhythm = g.spec.get("cycle", {}).get("angle")
        if rhythm:
            wave = (1 - np.cos(phase)) / 2 if rhythm.get("shape") == "pulse" else np.sin(phase)
            _add_angles(rotvec, {rhythm["name"]: rhythm["degrees"]}, wave * gain * g.amplitude)
        line = line_of(lines, actor.id, g.action) if "beats" in g.spec else None
        if line is not None:
            _add_beats(rotvec, g, times, line)
        drift = g.spec.get("drift")
        if drift:
            for name in ("neck_flex", "head_turn", "head_tilt"):
                noise = narrowband(times, *drift["band_hz"], rng)
                _add_angles(rotvec, {name: drift["degrees"] / 2}, noise * envelope * g.amplitude)
        tremor_deg = g.spec.get("tremor", {}).get("degrees", 0.0) * g.amplitude + g.tremor
        if tremor_deg > 0:
            hz = _tremor_hz(shot)
            half_band = g.spec.get("tremor", {}).get("band_hz", 1.5) / 2
            for joint, share in TREMOR_SHARE.items():
                for axis in (0, 2):
                    noise = narrowband(times, hz - half_band, min(hz + half_band, 0.49 * shot.fps), rng)
                    rotvec[:, J[joint], axis] += np.radians(tremor_deg * share) * noise * envelope
    return rotvec


def _apply_rotvec(rotations: np.ndarray, rotvec: np.ndarray) -> np.ndarray:
    """Post-multiply each local rotation by an additive rotation (in the joint's own frame)."""
    frames = rotations.shape[0]
    base = Rotation.from_quat(rotations.reshape(-1, 4))
    delta = Rotation.from_rotvec(rotvec.reshape(-1, 3))
    return (base * delta).as_quat().reshape(frames, -1, 4)


def target_point(action, shot: ShotPlan, props: Sequence[PlacedProp] | None = None) -> np.ndarray | None:
    """World point an action is aimed at: another actor's head height, or a prop's centre.

    `props` are the props standing in the scene (motion.segment.SceneContext.placed_props: direct's and the seats
    where their sitters' postures stood them); direct's alone when not given."""
    for other in shot.actors:
        if other.id == action.target:
            x, _, z = other.start.position
            return np.array([x, anthropometry()["heights"]["head"] * other.character.height_m, z])
    for prop in shot.props if props is None else props:
        if prop.id == action.target:
            return np.array(prop.center, dtype=float)
    return None


class _Frames:
    """The current pose's frames that hand placements refer to (chest, head, shoulders)."""

    def __init__(self, motion: ActorMotion, height: float):
        self.globals = global_rotations(motion.rotations)
        self.joints = motion.joints
        self.height = height
        self.chest = self.globals[:, J["spine3"]]
        self.head = self.globals[:, J["head"]]
        self.sternum = (self.joints[:, J["left_shoulder"]] + self.joints[:, J["right_shoulder"]]) / 2

    def point(self, offset, side: str, frame: str = "chest") -> np.ndarray:
        origin, rot = (self.joints[:, J["head"]], self.head) if frame == "head" else (self.sternum, self.chest)
        return origin + to_world(rot, mirror(offset, side) * self.height)


def _hand_placement(g: ScheduledGesture, side: str, frames: _Frames, body: Body, shot: ShotPlan,
                    times: np.ndarray, props: Sequence[PlacedProp] | None
                    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """Wrist target, finger direction (None = along the forearm), palm normal and elbow pole, all (F, 3)."""
    arm = g.spec["arm"]
    place, frame = arm["place"], "head" if "face" in arm["place"] else "chest"
    rot = frames.head if frame == "head" else frames.chest
    shoulder = frames.joints[:, ARM[side][0]]
    fingers = None if arm["fingers"] in ("forearm", "aim") else unit(to_world(rot, mirror(arm["fingers"], side)))
    palm = unit(to_world(rot, mirror(arm["palm"], side)))
    if "aim" in place:
        aim = target_point(g.action, shot, props)
        fallback = to_world(frames.chest, mirror(place["fallback"], side))
        direction = unit(aim - shoulder if aim is not None else fallback)
        reach = np.linalg.norm(body.offsets[ARM[side][1]]) + np.linalg.norm(body.offsets[ARM[side][2]])
        wrist = shoulder + direction * place["reach"] * reach
        if arm["fingers"] == "aim":
            fingers = direction
    elif "face" in place:
        hand_length = anthropometry()["extra"]["hand_length"] * body.height_m
        palm_centre = frames.point(place["face"], side, "head")
        # the wrist sits back along the fingers from the palm's centre, and half a hand's thickness behind it
        hand = hand_table()
        wrist = palm_centre - (fingers * hand["palm_centre"] + palm * hand["thickness"] / 2) * hand_length
    else:
        wrist = frames.point(place["at"], side)
    if "ready" in arm:
        progress = g.stroke_progress(times)[:, None]
        wrist = frames.point(arm["ready"]["at"], side) * (1 - progress) + wrist * progress
    pole = unit(to_world(frames.chest, mirror(arm["pole"], side)))
    phase, gain = g.cycle_phase(times)
    cycle = g.spec.get("cycle", {})
    if "arc" in cycle:
        arc = cycle["arc"]
        pivot = frames.point(arc["pivot"], side)
        axis = unit(to_world(frames.chest, mirror_axis(arc["axis"], side)))
        turn = Rotation.from_rotvec(axis * (np.radians(arc["degrees"]) * g.amplitude * np.sin(phase) * gain)[:, None])
        wrist = pivot + turn.apply(wrist - pivot)
        palm = turn.apply(palm)
        fingers = None if fingers is None else turn.apply(fingers)
    if "shake" in cycle:
        shake = cycle["shake"]
        wave = np.cos(phase) if shake.get("shape") == "cosine" else np.sin(phase)
        axis = to_world(frames.chest, mirror(shake["axis"], side))
        wrist = wrist + axis * (shake["fraction_of_height"] * body.height_m * g.amplitude * wave * gain)[:, None]
    return wrist, fingers, palm, pole


def _arm_sides(g: ScheduledGesture) -> tuple[str, ...]:
    side = g.spec["arm"]["side"]
    return SIDES if side == "both" else (side,)


def _place_arms(motion: ActorMotion, gestures: list[ScheduledGesture], body: Body, shot: ShotPlan,
                times: np.ndarray, props: Sequence[PlacedProp] | None) -> None:
    """Move each gesturing arm's hand from where the body track has it to the gesture's place, by IK.

    The hand's path, the elbow's direction and the hand's turn are interpolated by the gesture's
    envelope and the arm solved at every step, so arms travel like arms (no spinning blends of joint
    rotations); later gestures in the schedule start from the arm the earlier ones left.
    """
    frames = _Frames(motion, body.height_m)  # chest and head: the trunk layer's, which arms don't move
    rotations = motion.rotations.copy()
    for g in gestures:
        if "arm" not in g.spec:
            continue
        envelope = g.envelope(times)
        active = np.nonzero(envelope > 0)[0]
        if not len(active):
            continue
        weight = envelope[active][:, None]
        pose = global_rotations(rotations[active])
        joints = forward_kinematics(motion.offsets, motion.root[active], rotations[active])
        forward = frames.chest[active][:, :, 2]
        for side in _arm_sides(g):
            s, e, w = ARM[side]
            wrist, fingers, palm, pole = (None if v is None else v[active]
                                          for v in _hand_placement(g, side, frames, body, shot, times, props))
            collar, shoulder = pose[:, PARENTS[s]], joints[:, s]
            if fingers is None:  # the hand continues the forearm of the gesture's own pose
                _, elbow, reached = solve_arm(body.offsets, collar, shoulder, side, wrist, pole, None)
                fingers = unit(reached - elbow)
            # the hand swings a little forward on its way, clear of the trunk
            swing = 0.25 * body.height_m * weight * (1 - weight)
            path = joints[:, w] * (1 - weight) + wrist * weight + forward * swing
            base_pole = elbow_pole(shoulder, joints[:, e], joints[:, w], pole)
            hand = slerp_rotations(Rotation.from_matrix(pose[:, w]), hand_rotation(side, fingers, palm), weight[:, 0])
            local, _, _ = solve_arm(body.offsets, collar, shoulder, side, path,
                                    unit(base_pole * (1 - weight) + pole * weight), hand)
            rotations[active[:, None], [s, e, w]] = local
    motion.rotations = rotations
    motion.refresh_joints()


def _hand_channels(motion: ActorMotion, gestures: list[ScheduledGesture], times: np.ndarray) -> None:
    """Hand-pose weights per side (`hand_<side>_<pose>`) for motion/extremities/hands.py, from each arm gesture's envelope."""
    for g in gestures:
        if "arm" not in g.spec:
            continue
        envelope = g.envelope(times)
        phase, gain = g.cycle_phase(times)
        poses = g.spec.get("cycle", {}).get("hand")
        second = (1 - np.cos(phase)) / 2 * gain if poses else np.zeros(len(times))
        first_pose, second_pose = poses if poses else (g.spec["arm"]["hand"], None)
        for side in _arm_sides(g):
            weights = {first_pose: envelope * (1 - second)}
            if second_pose:
                weights[second_pose] = envelope * second
            for pose, w in weights.items():
                key = f"hand_{side}_{pose}"
                motion.expression[key] = np.maximum(motion.expression.get(key, 0.0), w)


def _fixation_shifts(times: np.ndarray, table: dict, rng: np.random.Generator) -> np.ndarray:
    """Small gaze shifts (F, 2): yaw and pitch in radians, held between quick saccades."""
    offsets = np.zeros((len(times), 2))
    current = np.zeros(2)
    t = rng.uniform(*table["gaze_shift_interval_s"])
    while len(times) and t < times[-1]:
        new = rng.uniform(-1.0, 1.0, 2) * np.radians(table["gaze_shift_deg"])
        step = rates.smooth((times - t) / table["saccade_s"])[:, None]
        offsets = offsets + step * (new - current)
        current = new
        t += rng.uniform(*table["gaze_shift_interval_s"])
    return offsets


def _gaze(motion: ActorMotion, gestures: list[ScheduledGesture], shot: ShotPlan, times: np.ndarray,
          props: Sequence[PlacedProp] | None, rng: np.random.Generator) -> np.ndarray:
    """World point the eyes look at: ahead of the head, pulled toward each gesture's object of attention,
    wandering by small fixation shifts."""
    heads = global_rotations(motion.rotations)[:, J["head"]]
    eyes = motion.joints[:, J["head"]]
    ahead = eyes + to_world(heads, np.array([0.0, 0.0, GAZE_DISTANCE_M]))
    gaze = ahead.copy()
    for g in gestures:
        focus = g.spec.get("gaze")
        if focus == "hands":
            point = motion.joints[:, [J["left_wrist"], J["right_wrist"]]].mean(axis=1)
        elif focus == "target" and (aim := target_point(g.action, shot, props)) is not None:
            point = np.broadcast_to(aim, gaze.shape)
        else:
            continue
        w = g.envelope(times)[:, None]
        gaze = gaze * (1 - w) + point * w
    shift = _fixation_shifts(times, gesture_table()["life"], rng)
    turn = (Rotation.from_rotvec(heads[:, :, 1] * shift[:, :1]) *
            Rotation.from_rotvec(heads[:, :, 0] * shift[:, 1:]))
    return eyes + turn.apply(gaze - eyes)


def _head_aims(motion: ActorMotion, gestures: list[ScheduledGesture], shot: ShotPlan,
               props: Sequence[PlacedProp] | None) -> dict[int, np.ndarray]:
    """Head yaw (F,) radians turning the face toward each gesture's target by its `head_aim` share."""
    chest = global_rotations(motion.rotations)[:, J["spine3"]]
    aims = {}
    for k, g in enumerate(gestures):
        point = target_point(g.action, shot, props) if "head_aim" in g.spec else None
        if point is None:
            continue
        local = np.einsum("fji,fj->fi", chest, point - motion.joints[:, J["head"]])  # world → chest frame
        limit = np.radians(HEAD_TURN_LIMIT_DEG)
        aims[k] = g.spec["head_aim"] * np.clip(np.arctan2(local[:, 0], local[:, 2]), -limit, limit)
    return aims


def layer_gestures(motion: ActorMotion, actor: PlacedActor, body: Body, shot: ShotPlan, *,
                   lines: Sequence[SpokenLine], rng: np.random.Generator,
                   props: Sequence[PlacedProp] | None = None) -> list[Event]:
    """Layer every gesture, speech movement and breathing onto the body track; return their events.

    `lines` are the shot's spoken lines (motion/speech.py): speech beats land on their words. `props` are what
    gestures may aim at (target_point): the scene's props and performed seats; direct's props when not given."""
    fps = float(shot.fps)
    times = np.arange(motion.n_frames) / fps
    # 1. Place each layered action in its phases (the same schedule the face and hands rebuild)
    gestures = schedule(actor, shot)
    # 2. Trunk and head: gesture angles, rhythms, tremor, speech drift, and breathing under it all
    rotvec = _trunk_layer(gestures, times, shot, actor, lines, _head_aims(motion, gestures, shot, props), rng)
    breath, volume = breathing(motion.root, fps, actor.start.speed_mps, shot.intensity, gesture_table()["life"], rng)
    motion.rotations = _apply_rotvec(motion.rotations, rotvec + breath)
    motion.refresh_joints()
    for g in gestures:  # a deliberate breath or a yawn fills the lungs beyond the quiet rhythm
        volume = np.maximum(volume, g.spec.get("breath", 0.0) * g.envelope(times))
    motion.expression["breath"] = volume
    # 3. Arms by IK toward each gesture's hand placement, blended by its envelope
    _place_arms(motion, gestures, body, shot, times, props)
    # 4. Hand poses for motion/extremities/hands.py; where the eyes look for motion/extremities/face.py
    _hand_channels(motion, gestures, times)
    motion.gaze = _gaze(motion, gestures, shot, times, props, rng)
    # 5. Events: key presses (with their finger presses for the hands), claps, swishes of fast strokes
    events: list[Event] = []
    if motion.n_frames < 3:  # too short to measure a stroke's speed or a contact
        return events
    for g in gestures:
        if "keys" in g.spec:
            events += keystrokes(motion, g, actor.id, body, times, fps, rng)
        if g.spec.get("events", {}).get("clap"):
            events += claps(motion, g, actor.id, body, times)
        if g.spec.get("whoosh"):
            events += whooshes(motion, g, actor.id, times, fps)
    return events
