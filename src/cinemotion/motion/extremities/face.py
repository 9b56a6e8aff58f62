"""The face: expression weights over time and face-70 landmarks riding on the head joint.

Expressions come from the actions' emotions, from the gestures that carry a face (a facepalm shuts
the eyes, a shrug lifts the brows, trembling shows fear), from speech visemes timed by the voice's
phonemes, and from spontaneous blinks at a human rate. The landmarks are a neutral face
(face_rig.yaml, scaled to the body) moved by those weights, then carried by the head's frame; the
pupils turn toward `motion.gaze`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.ndimage import gaussian_filter1d
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import load_table
from cinemotion.body.skeleton import Body, J, global_rotations
from cinemotion.core import rates
from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.motion.gesture.schedule import ScheduledGesture, schedule
from cinemotion.motion.performance import ActorMotion, SpokenLine
from cinemotion.motion.speech import line_of

CHANNELS = ("blink_left", "blink_right", "jaw_open", "mouth_wide", "mouth_round", "smile", "frown",
            "brow_raise", "brow_furrow", "eye_wide", "squint")
# format: iBUG-68's left/right partners (subject's right first); points not listed lie on the midline
MIRROR = {**{i: 16 - i for i in range(8)}, 17: 26, 18: 25, 19: 24, 20: 23, 21: 22, 31: 35, 32: 34, 36: 45,
          37: 44, 38: 43, 39: 42, 40: 47, 41: 46, 48: 54, 49: 53, 50: 52, 59: 55, 58: 56, 60: 64, 61: 63, 67: 65}
PUPILS = (68, 69)  # format: right, left; OpenPose face-70 puts each pupil in its eye's contour (36–41, 42–47)
FINE_HZ = 240.0  # sampling: visemes are built on a fine clock, smoothed, then sampled at the frames


@cache
def rig() -> dict:
    return load_table("motion/extremities/face_rig.yaml")


@cache
def expression_table() -> dict:
    return load_table("motion/extremities/expressions.yaml")


def _mirror_x(p) -> np.ndarray:
    return np.asarray(p, dtype=float) * np.array([-1.0, 1.0, 1.0])


@cache
def _neutral_mm() -> np.ndarray:
    """The 68 neutral landmarks (mm, head frame, reference height)."""
    table = rig()
    points = np.full((68, 3), np.nan)
    jaw = table["jaw_control"]
    idx = sorted(jaw)
    full_idx = idx + [16 - i for i in reversed(idx[:-1])]
    full = [jaw[i] for i in idx] + [_mirror_x(jaw[i]) for i in reversed(idx[:-1])]
    points[:17] = CubicSpline(full_idx, np.array(full, dtype=float))(np.arange(17))
    for i, p in table["points"].items():
        points[i] = p
    for right, left in MIRROR.items():
        if right > 16:
            points[left] = _mirror_x(points[right])
    return points


@cache
def _channel_moves() -> dict[str, np.ndarray]:
    """Per channel, the (68, 3) displacement in mm at weight 1 (eyelid closure and the jaw are not shifts)."""
    neutral = _neutral_mm()
    moves = {}
    for name, rules in expression_table()["channels"].items():
        d = np.zeros((68, 3))
        for rule in rules:
            for i in rule["points"]:
                toward_midline = -np.sign(neutral[i, 0])
                d[i] += (rule.get("in", 0.0) * toward_midline, rule.get("up", 0.0), rule.get("forward", 0.0))
        moves[name] = d
    return moves


def face_landmarks(weights: dict[str, np.ndarray], height_m: float, frames: int) -> np.ndarray:
    """The 68 landmarks (F, 68, 3) in the head frame, metres, moved by the expression weights."""
    scale = height_m / rig()["reference_height_m"] / 1000.0
    points = np.broadcast_to(_neutral_mm(), (frames, 68, 3)).copy()
    for name, move in _channel_moves().items():
        if name in weights:
            points += np.asarray(weights[name])[:, None, None] * move
    lids = expression_table()["lids"]
    for side in ("left", "right"):  # each upper lid closes onto its lower lid, wherever that now is
        closure = np.broadcast_to(weights.get(f"blink_{side}", 0.0), (frames,))
        for upper, lower in lids[side].items():
            shut = points[:, lower, 1] + lids["closed_gap_mm"]
            points[:, upper, 1] += closure * (shut - points[:, upper, 1])
    jaw = expression_table()["jaw"]
    hinge = np.array(jaw["hinge"], dtype=float)
    opening = np.radians(jaw["max_deg"]) * np.broadcast_to(weights.get("jaw_open", 0.0), (frames,))
    for i, share in jaw["weights"].items():
        turn = Rotation.from_rotvec(np.outer(opening * share, [1.0, 0.0, 0.0]))
        points[:, i] = hinge + turn.apply(points[:, i] - hinge)
    return points * scale


def blink_curve(times: np.ndarray, onsets: list[float], duration_scale: float = 1.0) -> np.ndarray:
    """Lid closure 0..1 (F,) for blinks starting at `onsets`: fast closing, brief closure, slower reopening."""
    b = expression_table()["blinks"]
    close, closed, reopen = (b[k] * duration_scale for k in ("close_s", "closed_s", "open_s"))
    out = np.zeros(len(times))
    for t0 in onsets:
        shut = rates.smooth((times - t0) / close)
        opening = 1 - rates.smooth((times - t0 - close - closed) / reopen)
        out = np.maximum(out, np.where(times >= t0, np.minimum(shut, opening), 0.0))
    return out


def spontaneous_blinks(times: np.ndarray, per_min: np.ndarray, rng: np.random.Generator) -> list[float]:
    """Blink onsets with log-normal intervals whose mean follows the rate per minute (F,)."""
    b = expression_table()["blinks"]
    sigma = b["interval_log_sigma"]
    onsets, t = [], rng.uniform(0.0, 60.0 / per_min[0]) if len(times) else 0.0
    while len(times) and t < times[-1]:
        onsets.append(t)
        mean = 60.0 / per_min[min(np.searchsorted(times, t), len(times) - 1)]
        t += max(b["min_interval_s"], rng.lognormal(np.log(mean) - sigma**2 / 2, sigma))
    return onsets


def _viseme_of(phoneme: str) -> str:
    table = expression_table()["visemes"]["phonemes"]
    symbol = phoneme.strip("'ˈˌ,:ː")
    best, length = "silence", 0
    for cls, symbols in table.items():
        for s in symbols:
            if symbol.startswith(str(s)) and len(str(s)) > length:
                best, length = cls, len(str(s))
    return best


def visemes(phonemes: list[tuple[float, float, str]], times: np.ndarray, start_s: float) -> dict[str, np.ndarray]:
    """jaw_open, mouth_wide, mouth_round (F,) from timed phonemes placed at `start_s` on the shot clock."""
    table = expression_table()["visemes"]
    fine = np.arange(times[0], times[-1] + 1.0 / FINE_HZ, 1.0 / FINE_HZ) if len(times) else times
    out = {k: np.zeros(len(fine)) for k in ("jaw_open", "mouth_wide", "mouth_round")}
    for t0, t1, phoneme in phonemes:
        shape = table["classes"][_viseme_of(phoneme)]
        inside = (fine >= start_s + t0) & (fine < start_s + t1)
        for k in out:
            out[k][inside] = shape[k]
    sigma = table["smoothing_s"] * FINE_HZ
    return {k: np.interp(times, fine, gaussian_filter1d(v, sigma)) for k, v in out.items()}


def _emotion_channels(name: str, weight: np.ndarray) -> dict[str, np.ndarray]:
    profile = expression_table()["emotions"].get(name, {})
    out = {}
    for channel, value in profile.items():
        for c in ("blink_left", "blink_right") if channel == "blink" else (channel,):
            out[c] = value * weight
    return out


def _accumulate(total: dict[str, np.ndarray], more: dict[str, np.ndarray]) -> None:
    for k, v in more.items():
        total[k] = total.get(k, 0.0) + v


def expression_weights(actor: PlacedActor, shot: ShotPlan, gestures: list[ScheduledGesture],
                       times: np.ndarray, lines: Sequence[SpokenLine], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every face channel (F,) 0..1: emotions, gesture faces, visemes (from the spoken `lines`) and blinks."""
    table = expression_table()
    weights: dict[str, np.ndarray] = {c: np.zeros(len(times)) for c in CHANNELS}
    slow = 1.0 / shot.time_scale  # in slow motion faces move slowly too (speech stays on the audio's clock)
    ramp = table["emotion_ramp_s"] * slow
    # 1. Emotions of every action, eased in and out around the action's window
    for action in actor.actions:
        if action.emotion:
            end = action.end_s if action.end_s is not None else shot.duration_s
            level = np.minimum(rates.smooth((times - action.start_s + ramp / 2) / ramp),
                               1 - rates.smooth((times - end) / ramp))
            _accumulate(weights, _emotion_channels(action.emotion, level))
    # 2. Faces that gestures carry, at the gesture's extent
    for g in gestures:
        envelope = g.envelope(times)
        for channel, value in g.spec.get("face", {}).items():
            if channel.startswith("emotion_"):
                _accumulate(weights, _emotion_channels(channel.removeprefix("emotion_"), value * envelope))
            else:
                _accumulate(weights, {channel: value * envelope * min(g.amplitude, 1.0)})
    # 3. Speech: visemes from the phonemes of the lines the soundtrack speaks
    speaking = np.zeros(len(times), bool)
    for g in gestures:
        line = line_of(lines, actor.id, g.action) if g.action.kind == "speak" else None
        if line is not None:
            _accumulate(weights, visemes(list(line.utterance.phonemes), times, line.start_s))
            speaking |= g.envelope(times) > 0
    # 4. Blinks: spontaneous at the rate of the moment (speaking, a precise task, rest), and deliberate ones
    rate = table["blinks"]["per_min"]
    precise = np.zeros(len(times), bool)
    for g in gestures:
        if g.spec.get("gaze") == "hands":
            precise |= g.envelope(times) > 0.5
    per_min = np.where(precise, rate["precise_task"], np.where(speaking, rate["speaking"], rate["rest"])) / slow
    onsets = spontaneous_blinks(times, per_min, rng)
    for g in gestures:
        if g.spec.get("blinks"):
            _, stroke, _, retract, _ = g.bounds
            onsets += list(np.arange(stroke, retract, 1.0 / max(g.frequency_hz, 1e-6)))
    tired = any(a.emotion == "fatigue" for a in actor.actions)
    blinks = blink_curve(times, sorted(onsets), slow * (table["blinks"]["fatigue_duration_scale"] if tired else 1.0))
    for side in ("blink_left", "blink_right"):
        weights[side] = np.maximum(weights[side], blinks)
    return {k: np.clip(v, 0.0, 1.0) for k, v in weights.items()}


def _pupils(eye_centres: np.ndarray, head: np.ndarray, gaze: np.ndarray, scale: float) -> np.ndarray:
    """Pupil positions (F, 2, 3): on each eyeball, turned toward the gaze point within the eye's range."""
    eye = rig()["eyeball"]
    forward = head[:, :, 2]
    direction = gaze[:, None, :] - eye_centres
    direction /= np.maximum(np.linalg.norm(direction, axis=-1, keepdims=True), 1e-9)
    limit = np.radians(eye["max_turn_deg"])
    cos = np.clip(np.sum(direction * forward[:, None, :], axis=-1), -1.0, 1.0)
    angle = np.arccos(cos)
    axis = np.cross(forward[:, None, :], direction)
    axis /= np.maximum(np.linalg.norm(axis, axis=-1, keepdims=True), 1e-9)
    turn = Rotation.from_rotvec((axis * np.minimum(angle, limit)[..., None]).reshape(-1, 3))
    looking = turn.apply(np.repeat(forward, 2, axis=0)).reshape(-1, 2, 3)
    return eye_centres + looking * eye["radius"] * scale


def lid_follow(centres: np.ndarray, head: np.ndarray, gaze: np.ndarray) -> np.ndarray:
    """Upper-lid lowering (F,) 0..1 as the eyes look down: the lid rides on the turning cornea."""
    eye, lids = rig()["eyeball"], expression_table()["lids"]
    to_gaze = gaze - centres.mean(axis=1)
    to_gaze /= np.maximum(np.linalg.norm(to_gaze, axis=-1, keepdims=True), 1e-9)
    down = np.clip(-np.sum(to_gaze * head[:, :, 1], axis=-1), 0.0, np.sin(np.radians(eye["max_turn_deg"])))
    return np.clip(lids["follow"] * eye["radius"] * down / lids["span_mm"], 0.0, lids["max_follow"])


def perform_face(motion: ActorMotion, actor: PlacedActor, body: Body, shot: ShotPlan, *,
                 lines: Sequence[SpokenLine], rng: np.random.Generator) -> None:
    """Set motion.face (F, 70, 3) world landmarks, the expression channels and, if unset, motion.gaze.

    `lines` are the shot's spoken lines (motion/speech.py): the mouth follows their phonemes."""
    frames = motion.n_frames
    times = np.arange(frames) / shot.fps
    head = global_rotations(motion.rotations)[:, J["head"]]
    origin = motion.joints[:, J["head"]]
    scale = body.height_m / rig()["reference_height_m"] / 1000.0
    centre = np.array(rig()["eyeball"]["centre"], dtype=float)
    eyes = origin[:, None, :] + np.einsum("fij,kj->fki", head, np.stack([centre, _mirror_x(centre)]) * scale)
    if motion.gaze is None:
        motion.gaze = origin + head[:, :, 2] * 3.0
    # 1. What the face does: emotions, gesture faces, speech, blinks, and lids following the eyes down
    weights = expression_weights(actor, shot, schedule(actor, shot), times, lines, rng)
    follow = lid_follow(eyes, head, motion.gaze)
    for side in ("blink_left", "blink_right"):
        weights[side] = np.maximum(weights[side], follow)
    motion.expression.update(weights)
    # 2. The neutral face moved by those weights, carried by the head joint's frame
    face = np.zeros((frames, 70, 3))
    face[:, :68] = origin[:, None, :] + np.einsum("fij,fkj->fki", head, face_landmarks(weights, body.height_m, frames))
    # 3. Pupils on their eyeballs, turned toward the gaze
    face[:, list(PUPILS)] = _pupils(eyes, head, motion.gaze, scale)
    motion.face = face
