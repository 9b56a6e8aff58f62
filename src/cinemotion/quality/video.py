"""Video metrics: how big the subject is on screen, background flicker, and what the camera did."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from cinemotion.body.skeleton import J
from cinemotion.camera.path import CameraPath
from cinemotion.camera.subject import UP, ground_height, head_top, stature
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance

# Rec. 709 luma weights (ITU-R BT.709-6, Table 3 item 3.2).
LUMA = np.array([0.2126, 0.7152, 0.0722])


def projected_height_fraction(camera: CameraPath, joints: np.ndarray, frame: int) -> float:
    """The subject's head-top-to-ground extent on screen, as a fraction of the frame height.

    joints: (F, 22, 3) or (22, 3) world joints of one actor. Not clipped to the frame: a medium shot
    (feet out of frame) measures above 1, so shot sizes stay comparable. The ground point is
    under the pelvis at the feet's level, the head top is the head joint lifted by 0.095 H.
    """
    pose = joints[frame] if joints.ndim == 3 else joints
    height_m = stature(pose[None])
    ground = pose[J["pelvis"]] * [1.0, 0.0, 1.0] + UP * ground_height(pose, height_m)
    pixels, _ = camera.project(frame, np.stack([head_top(pose, height_m), ground]))
    return float(np.linalg.norm(pixels[0] - pixels[1]) / camera.height)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of an (H, W, 3) uint8 or float image, in 8-bit levels."""
    return rgb[..., :3].astype(np.float32) @ LUMA.astype(np.float32)


def flicker(frames: Iterable[np.ndarray], mask: np.ndarray) -> float:
    """Mean absolute frame-to-frame luminance change (8-bit levels) over the static region `mask`.

    frames: RGB images (H, W, 3) streamed in order; mask: (H, W) bool, True where the background
    neither moves nor is crossed by anything. 0 is a perfectly steady picture.
    """
    mask = np.asarray(mask, bool)
    if not mask.any():
        raise ValueError("flicker needs a non-empty mask of static background")
    previous, total, pairs = None, 0.0, 0
    for frame in frames:
        luma = luminance(frame)[mask]
        if previous is not None:
            total += float(np.abs(luma - previous).mean())
            pairs += 1
        previous = luma
    return total / pairs if pairs else 0.0


def _view_angles(camera: CameraPath) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pan (yaw, > 0 turned right), tilt (pitch, > 0 up) and roll per frame, degrees, unwrapped."""
    forward, right = camera.rotation[:, 2], camera.rotation[:, 0]
    yaw = -np.unwrap(np.arctan2(forward[:, 0], forward[:, 2]))
    pitch = np.arcsin(np.clip(forward[:, 1], -1.0, 1.0))
    level_right = np.cross(forward, UP)
    level_right /= np.maximum(np.linalg.norm(level_right, axis=1, keepdims=True), 1e-9)
    roll = np.arctan2(np.einsum("fi,fi->f", np.cross(level_right, right), forward),
                      np.einsum("fi,fi->f", level_right, right))
    return np.degrees(yaw), np.degrees(pitch), np.degrees(roll)


def camera_motion_summary(camera: CameraPath) -> dict:
    """What the camera did over the shot and within each move window it recorded.

    Per span: pan_deg (> 0 to the right), tilt_deg (> 0 up), roll_deg, orbit_deg (the camera's
    bearing around the point it focuses on, > 0 counter-clockwise from above), translation_m (x, y, z),
    travel_m (path length), rise_m, focal_ratio (end / start focal length), start/end frames.
    """
    yaw, pitch, roll = _view_angles(camera)
    centres = -np.einsum("fji,fj->fi", camera.rotation, camera.translation)
    # The bearing of the camera seen from the point it focuses on: an orbit sweeps it.
    focus = centres + camera.rotation[:, 2] * camera.focus_distance_m[:, None]
    around = centres - focus
    bearing = np.degrees(np.unwrap(np.arctan2(around[:, 0], around[:, 2])))
    fps = camera.fps

    def span(first: int, last: int) -> dict:
        steps = np.linalg.norm(np.diff(centres[first:last + 1], axis=0), axis=1)
        return {"start_frame": first, "end_frame": last,
                "pan_deg": round(float(yaw[last] - yaw[first]), 3),
                "tilt_deg": round(float(pitch[last] - pitch[first]), 3),
                "roll_deg": round(float(roll[last] - roll[first]), 3),
                "orbit_deg": round(float(bearing[last] - bearing[first]), 3),
                "translation_m": [round(float(v), 4) for v in centres[last] - centres[first]],
                "travel_m": round(float(steps.sum()), 4),
                "rise_m": round(float(centres[last, 1] - centres[first, 1]), 4),
                "focal_ratio": round(float(camera.fx[last] / camera.fx[first]), 4)}

    last = camera.n_frames - 1
    windows = []
    for move in camera.moves:
        first = int(np.clip(np.ceil(move["start_s"] * fps - 1e-6), 0, last))
        end = int(np.clip(np.floor(move["end_s"] * fps + 1e-6), first, last))
        windows.append({"move": move["move"], "start_s": move["start_s"], "end_s": move["end_s"], **span(first, end)})
    return {"shot": span(0, last), "moves": windows,
            "focal_mm": [round(camera.focal_length_mm(0), 2), round(camera.focal_length_mm(last), 2)],
            "f_number": camera.f_number}


def shot_video_report(shot: ShotPlan, performance: Performance, camera: CameraPath) -> dict:
    """qa.json's camera entry for one shot: the subject's size on screen against the shot type, and
    the camera's moves as filmed."""
    report = {"shot": shot.shot_id, "shot_type": shot.shot_type, "angle": shot.angle,
              "camera": camera_motion_summary(camera)}
    if performance.actors:
        actor = next((a for a in performance.actors if a.actor_id == shot.subject), performance.actors[0])
        sizes = np.array([projected_height_fraction(camera, actor.joints, f) for f in range(camera.n_frames)])
        report["subject"] = actor.actor_id
        report["projected_height_fraction"] = {"median": round(float(np.median(sizes)), 4),
                                               "min": round(float(sizes.min()), 4),
                                               "max": round(float(sizes.max()), 4)}
    return report
