"""The camera stage: a shot's plan and performance → the CameraPath that films it."""

from __future__ import annotations

import dataclasses

import numpy as np
from scipy import signal

from cinemotion.body.skeleton import N_JOINTS, make_body
from cinemotion.camera.obstacles import keep_clear
from cinemotion.camera.framing import (
    Framing, across_extent, camera_side, composition_column, distance_for, distance_to_fit, focal_px, follow,
    framed_centres, shot_framing,
)
from cinemotion.camera.moves import PANS, MoveWindow, apply_moves, resolve_moves
from cinemotion.camera.path import CameraPath
from cinemotion.camera.rig import Rig, aim_angles, rotation_matrices
from cinemotion.camera.subject import UP, Subject, choose_subject, eye_point, horizontal, mean_facing, presets
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import ActorMotion, Performance


SUBJECT_RELATIVE = {"dolly_in", "dolly_out", "zoom_in", "zoom_out", "dolly_zoom", "orbit", "crane_up", "crane_down",
                    "fpv"}


def film(shot: ShotPlan, performance: Performance, *, rng: np.random.Generator) -> CameraPath:
    """Frame the shot's subject at its shot size and angle, then play every camera move on its window."""
    table = presets()
    times = np.arange(performance.n_frames) / performance.fps
    windows = resolve_moves(shot.camera, shot.duration_s, performance.fps, where=f"shots[{shot.shot_id}].camera")
    subject = choose_subject(performance.actors or [_stand_in(len(times))], shot.subject,
                             group=table["shot_types"][shot.shot_type]["group"])
    framing = shot_framing(shot.shot_type, subject)
    side = camera_side(subject)
    stand, aim, distance, column, followed_pans = _blocking(shot, subject, framing, side, windows, times)
    angle = table["angles"][shot.angle]
    rig = Rig.still(len(times), stand, float(np.arctan2(side[0], side[2])), np.radians(angle["elevation_deg"]),
                    distance, framing.focal_mm, np.radians(angle["roll_deg"]))
    rig.aim = aim
    pixel = np.array([column, framing.centre_row(shot.height)])
    if angle["refine"]:
        _refine_distance(rig, framing, pixel, shot.width, shot.height)
    apply_moves(rig, windows, times, followed_pans=followed_pans, min_distance=table["min_subject_distance_m"],
                rng=rng, shake_allowed=not _negated(shot.negative, table["handheld"]["negative_words"]))
    return _to_path(shot, performance, subject, rig, pixel, windows)


def _blocking(shot: ShotPlan, subject: Subject, framing: Framing, side: np.ndarray, windows: list[MoveWindow],
              times: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float, bool]:
    """Where the camera stands and what it aims at per frame, its distance, the subject's column,
    and whether the pans turn with a travelling subject.

    A tracking shot rides along with the subject; so do moves framed relative to it (dolly, zoom,
    orbit, crane), or their shot size would mean nothing. A pan the way the subject travels turns
    with it. Any other still camera on a travelling subject frames its whole path; on a standing
    one it holds still, turning only to keep a face in a close shot.
    """
    table = presets()
    width, height, fps = shot.width, shot.height, shot.fps
    names = {w.move for w in windows}
    right = np.cross(-side, UP)
    centres = framed_centres(subject, framing, fps)
    moving = np.linalg.norm(subject.travel) >= table["viewpoint"]["moving_min_travel_m"]
    # Which way the subject crosses (or looks across) the frame: lead room goes on that side.
    screen_travel = float(subject.travel @ right) if moving else float(mean_facing(subject.principal.joints) @ right)
    distance = distance_for(framing, framing.focal_mm, width, height)
    if framing.anchor != "head":  # a jump's height is part of the action: the frame makes room for it
        distance *= (framing.span_m + max(float(subject.rise().max()), 0.0)) / framing.span_m
    if len(subject.actors) > 1:
        distance = max(distance, distance_to_fit(_group_width(subject, side), framing.focal_mm, width, height))
    # A group is centred as a whole; lead room is for one subject.
    column = composition_column(shot.look.composition, screen_travel, width) if len(subject.actors) == 1 \
        else width / 2.0
    tracked = [w for w in windows if w.move in ("tracking", "fpv")] or \
        ([MoveWindow("tracking", 0.0, float(times[-1]), 0.0, "linear")] if moving and names & SUBJECT_RELATIVE else [])
    pans = [w for w in windows if w.move in PANS]
    followed_pans = moving and not tracked and _pans_follow(pans, screen_travel)
    still = np.broadcast_to(centres.mean(axis=0), centres.shape).copy()
    if tracked:
        track = follow(centres, fps, framing.anchor)
        # an FPV drone keeps flying with its subject before and after its pass; a tracking dolly stops
        stand = track if "fpv" in names else _held_outside(track, tracked, times)
        return stand, stand.copy(), distance, column, False
    if followed_pans:  # the camera stays; the pan turns with the subject inside its window
        return still, _held_outside(follow(centres, fps, framing.anchor), pans, times), distance, column, True
    if moving:
        stand, distance = _whole_path(centres, framing, side, width, height, distance)
        return stand, stand.copy(), distance, width / 2.0, False
    # A close shot holds on the face: the camera stays put and turns with the (smoothed) head.
    aim = follow(centres, fps, framing.anchor) if framing.anchor == "head" else still.copy()
    return still, aim, distance, column, False


def _stand_in(n: int) -> ActorMotion:
    """An empty shot is framed as if an average person stood at the origin."""
    body = make_body()
    quats = np.tile([0.0, 0.0, 0.0, 1.0], (n, N_JOINTS, 1))
    return ActorMotion("set", "set", body.offsets, quats, np.tile(body.rest[0], (n, 1)), np.ones((n, 2), bool))


def _group_width(subject: Subject, side: np.ndarray) -> float:
    """The widest the framed actors spread across the view over the shot, plus a body width."""
    points = subject.ground_points()
    spread = max(across_extent(frame, side) for frame in points)
    return spread + presets()["body_width_H"] * subject.tallest_m


def _pans_follow(pans: list[MoveWindow], screen_travel: float) -> bool:
    """Pans on a travelling subject follow it when they turn the way it crosses the frame."""
    want = "pan_right" if screen_travel > 0 else "pan_left"
    return bool(pans) and all(w.move == want for w in pans)


def _held_outside(track: np.ndarray, windows: list[MoveWindow], times: np.ndarray) -> np.ndarray:
    """The track inside the windows; it holds before the first and after the last, and between two
    windows glides straight from where one ends to where the next begins (never a jump)."""
    inside = np.zeros(len(times), bool)
    for w in windows:
        inside |= w.active(times)
    keys = np.flatnonzero(inside)
    frames = np.arange(len(times))
    return np.stack([np.interp(frames, keys, track[keys, axis]) for axis in range(track.shape[1])], axis=1)


def _whole_path(centres: np.ndarray, framing: Framing, side: np.ndarray, width: int, height: int,
                distance: float) -> tuple[np.ndarray, float]:
    """Stand point and distance that keep the whole path of the action in a still frame."""
    right = np.cross(-side, UP)
    across = horizontal(centres) @ right
    middle = 0.5 * (across.min() + across.max())
    # Shift the mean point across the view to the middle of the path, keeping its depth.
    mean = centres.mean(axis=0)
    stand = mean + right * (middle - mean @ right)
    stand[1] = 0.5 * (centres[:, 1].min() + centres[:, 1].max())
    rise = float(np.ptp(centres[:, 1]))
    tall = dataclasses.replace(framing, top_m=framing.top_m + rise)
    extent = float(np.ptp(across)) + presets()["body_width_H"] * framing.top_m
    need = max(distance, distance_for(tall, framing.focal_mm, width, height),
               distance_to_fit(extent, framing.focal_mm, width, height))
    return np.broadcast_to(stand, centres.shape).copy(), need


def _refine_distance(rig: Rig, framing: Framing, pixel: np.ndarray, width: int, height: int) -> None:
    """Correct the distance for the foreshortening of a view from above or below.

    The distances above assume the body is seen square on; from an angle its span looks shorter
    (or longer): measured on the middle frame against the square-on size, and scaled to match.
    """
    mid = len(rig.distance) // 2
    f = focal_px(rig.focal_mm[mid:mid + 1], width, height)
    wanted = f[0] * framing.span_m / rig.distance[mid]  # the span's size in pixels, seen square on
    for _ in range(3):
        position = rig.positions()[mid:mid + 1]
        yaw, pitch = aim_angles(position, rig.aim[mid:mid + 1], pixel, f, f, width / 2, height / 2)
        rot = rotation_matrices(yaw, pitch, np.zeros(1))[0]
        ends = rig.aim[mid] + UP * np.array([[-0.5], [0.5]]) * framing.span_m
        cam = (ends - position[0]) @ rot.T
        rows = f[0] * cam[:, 1] / cam[:, 2]
        rig.distance = rig.distance * abs(rows[0] - rows[1]) / wanted


def _negated(negative: list[str], words: list[str]) -> bool:
    text = " ".join(negative).lower()
    return any(word in text for word in words)


def _to_path(shot: ShotPlan, performance: Performance, subject: Subject, rig: Rig, pixel: np.ndarray,
             windows: list[MoveWindow]) -> CameraPath:
    table = presets()
    width, height, fps = shot.width, shot.height, performance.fps
    lo, hi = table["focal_limits_mm"]
    rig.focal_mm = np.clip(rig.focal_mm, lo, hi)
    f = focal_px(rig.focal_mm, width, height)
    cx, cy = width / 2.0, height / 2.0
    position = keep_clear(rig.positions() + rig.shake_position, rig.aim, performance.props, performance.actors)
    yaw, pitch = aim_angles(position, rig.aim, _unrolled(pixel, rig.roll, cx, cy), f, f, cx, cy)
    rotation = rotation_matrices(yaw + rig.yaw_offset + rig.shake_angles[:, 0],
                                 pitch + rig.pitch_offset + rig.shake_angles[:, 1],
                                 rig.roll + rig.shake_angles[:, 2])
    translation = -np.einsum("fij,fj->fi", rotation, position)
    eyes = eye_point(subject.principal.joints, subject.height_m)
    depth = np.einsum("fj,fj->f", rotation[:, 2], eyes - position)
    focus = _follow_focus(np.maximum(depth, 0.1), fps)
    f_number = float(table["f_number"][shot.look.depth_of_field])
    racks = [w for w in windows if w.move == "rack_focus"]
    if racks:
        focus = _rack_focus(racks[0], focus, _second_subject_depth(performance, subject, rotation, position, depth),
                            np.arange(len(focus)) / fps)
        f_number = min(f_number, float(table["f_number"]["shallow"]))  # a pull only reads with a shallow focus
    return CameraPath(width=width, height=height, fps=fps, rotation=rotation, translation=translation,
                      fx=f.copy(), fy=f.copy(), cx=cx, cy=cy, focus_distance_m=focus,
                      f_number=f_number,
                      far=max(400.0, float(rig.distance.max()) * 20.0),
                      sensor_width_mm=table["sensor_long_side_mm"] * width / max(width, height),
                      moves=[w.as_dict() for w in windows])


def _second_subject_depth(performance: Performance, subject: Subject, rotation: np.ndarray, position: np.ndarray,
                          depth: np.ndarray) -> np.ndarray:
    """(F,) depth of what the focus pulls from: another actor's eyes, else a prop, else a foreground point."""
    others = [a for a in performance.actors if a is not subject.principal]
    if others:
        points = eye_point(others[0].joints, subject.height_m)  # eye height ≈ the principal's: a focus target
    elif performance.props:
        points = np.broadcast_to(np.asarray(performance.props[0].center, float), position.shape)
    else:
        return np.maximum(depth * presets()["rack_focus"]["foreground"], 0.1)
    return np.maximum(np.einsum("fj,fj->f", rotation[:, 2], points - position), 0.1)


def _rack_focus(window: MoveWindow, on_subject: np.ndarray, on_other: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Focus held on the other subject, pulled over the window onto the framed one (in inverse
    distance, as a focus ring turns: equal steps of blur)."""
    p = window.progress(times)
    return 1.0 / ((1.0 - p) / on_other + p / on_subject)


def _unrolled(pixel: np.ndarray, roll: np.ndarray, cx: float, cy: float) -> np.ndarray:
    """(F, 2) where the aim must land in a level camera so that, after the roll, it sits at `pixel`."""
    c, s = np.cos(roll), np.sin(roll)
    dx, dy = pixel[0] - cx, pixel[1] - cy
    return np.stack([cx + c * dx + s * dy, cy - s * dx + c * dy], axis=1)


def _follow_focus(depth: np.ndarray, fps: float) -> np.ndarray:
    """A focus puller's pull: the subject's eye depth, smoothed (never ahead of or lagging the eyes much)."""
    if len(depth) < 8:
        return depth
    hz = min(presets()["focus"]["smoothing_hz"], 0.45 * fps)
    b, a = signal.butter(2, hz, fs=fps)
    return np.maximum(signal.filtfilt(b, a, depth, padlen=min(9, len(depth) - 1)), 0.1)
