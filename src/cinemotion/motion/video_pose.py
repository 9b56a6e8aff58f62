"""Motion transfer from a video of a person: per-frame 3D pose, lifted to our 22 joints, on the ground.

    # 1. Decode the video (PyAV) and estimate MediaPipe's 33 world landmarks per frame (metres, hip-centred)
    # 2. Lift them to our 22 joints: joints BlazePose has are taken, the rest (pelvis, spine, neck, collars,
    #    ball of the foot) placed at their anthropometric fractions between the ones it has
    # 3. Smooth away the per-frame jitter (Savitzky–Golay: keeps a stride's peaks, unlike a moving average)
    # 4. Recover the ground path from the planted foot (a foot on the ground is still, so the pelvis moves by
    #    minus the foot's motion relative to it): independent of a camera that travels alongside
    # 5. Scale to the character's legs (a video has no metric scale: speed and step length scale with the
    #    legs, as between people walking at equal Froude number), then retarget with contacts re-pinned

The camera is assumed level and not turning (tracking alongside or static); a panning camera turns the path.
MediaPipe is imported only here: the `reference` extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.signal import savgol_filter

from cinemotion.body.retarget import Retargeted, retarget
from cinemotion.body.skeleton import JOINTS, J, PARENTS, Body, anthropometry, make_body
from cinemotion.errors import InputError
from cinemotion.spec.models import HARD_MAX_DURATION_S

MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_PIXELS = 3840 * 2160
MIN_DETECTED = 0.5  # fewer frames with a person than this share: not a video of a person moving
SMOOTH_S = 0.2  # Savitzky–Golay window: shorter than a running step (~0.3 s), longer than landmark jitter
CONTACT_TOL = 0.05  # × height: the lower foot this close to its lowest bears weight (≈8 cm: landmark noise)
# BlazePose 33-landmark indices (Bazarevsky et al. 2020, arXiv:2006.10204, Fig. 4)
BLAZEPOSE = {"left_ear": 7, "right_ear": 8, "left_shoulder": 11, "right_shoulder": 12, "left_elbow": 13,
             "right_elbow": 14, "left_wrist": 15, "right_wrist": 16, "left_hip": 23, "right_hip": 24,
             "left_knee": 25, "right_knee": 26, "left_ankle": 27, "right_ankle": 28, "left_heel": 29,
             "right_heel": 30, "left_foot_index": 31, "right_foot_index": 32}
# our joint names as retarget.map_joints reads them (its SMPL dialect names the lower spine joints so)
CLIP_NAMES = [{"spine1": "spine1_smpl", "spine2": "spine2_smpl"}.get(j, j) for j in JOINTS]


@dataclass
class VideoClip:
    """Joint positions lifted from a video, in the reader interface retarget() takes (like body.bvh.BvhClip)."""

    joints: np.ndarray  # (F, 22, 3) metres at MediaPipe's model scale, Y up, on the ground
    fps: float
    names: tuple[str, ...] = tuple(CLIP_NAMES)
    parents: tuple[int, ...] = tuple(PARENTS)

    @property
    def n_frames(self) -> int:
        return len(self.joints)

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps

    def positions(self) -> np.ndarray:
        return self.joints.copy()


def check_video(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError("source", f"no such video file: {path}")
    if path.stat().st_size > MAX_VIDEO_BYTES:
        raise InputError("source", f"{path.name} is larger than {MAX_VIDEO_BYTES // 2**20} MiB")
    return path


def world_landmarks(path: str | Path) -> tuple[np.ndarray, float]:
    """(F, 33, 3) MediaPipe world landmarks per frame (Y up, Z toward the camera; NaN where no person) and fps."""
    import av

    try:
        import mediapipe as mp
    except ImportError:
        raise InputError("source", "motion transfer from video needs the `reference` extra "
                                   "(pip install 'cinemotion[reference]'); or use a BVH file") from None
    path = check_video(path)
    out = []
    try:
        with av.open(str(path)) as container, mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1,
                                                                      smooth_landmarks=False) as pose:
            stream = container.streams.video[0]
            if stream.width * stream.height > MAX_PIXELS:
                raise InputError("source", f"{path.name} is {stream.width}x{stream.height}: larger than 3840x2160")
            fps = float(stream.average_rate or 24)
            for frame in container.decode(stream):
                if len(out) >= HARD_MAX_DURATION_S * fps:
                    break
                result = pose.process(frame.to_ndarray(format="rgb24"))
                if result.pose_world_landmarks is None:
                    out.append(np.full((33, 3), np.nan))
                else:
                    out.append([[lm.x, -lm.y, -lm.z] for lm in result.pose_world_landmarks.landmark])
    except (av.error.FFmpegError, IndexError):
        raise InputError("source", f"{path.name} is not a readable video") from None
    landmarks = np.array(out, float).reshape(-1, 33, 3)
    found = ~np.isnan(landmarks[:, 0, 0])
    if len(landmarks) < 2 or found.mean() < MIN_DETECTED:
        raise InputError("source", f"{path.name}: a person is found in {found.sum()} of {len(landmarks)} frames")
    # frames where the person was lost: interpolated between the frames around them
    t = np.arange(len(landmarks))
    filled = np.stack([[np.interp(t, t[found], landmarks[found, i, k]) for k in range(3)] for i in range(33)])
    return filled.transpose(2, 0, 1), fps


def lift_to_joints(landmarks: np.ndarray) -> np.ndarray:
    """(F, 22, 3) our joints from BlazePose world landmarks (see module docstring, step 2)."""
    a = anthropometry()
    rest = make_body(1.0).rest
    lm = {name: landmarks[:, i] for name, i in BLAZEPOSE.items()}
    out = np.zeros((len(landmarks), len(JOINTS), 3))
    for name in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
        for s in ("left", "right"):
            out[:, J[f"{s}_{name}"]] = lm[f"{s}_{name}"]
    hips = 0.5 * (lm["left_hip"] + lm["right_hip"])
    shoulders = 0.5 * (lm["left_shoulder"] + lm["right_shoulder"])
    trunk = shoulders - hips
    hip_h, shoulder_h = rest[J["left_hip"], 1], rest[J["left_shoulder"], 1]
    for name in ("pelvis", "spine1", "spine2", "spine3", "neck"):
        out[:, J[name]] = hips + (rest[J[name], 1] - hip_h) / (shoulder_h - hip_h) * trunk
    out[:, J["head"]] = 0.5 * (lm["left_ear"] + lm["right_ear"])
    collar_across = rest[J["left_collar"], 0] / rest[J["left_shoulder"], 0]
    collar_up = (rest[J["left_collar"], 1] - hip_h) / (shoulder_h - hip_h)
    foot_along = (a["extra"]["heel_back"] + a["forward"]["foot"]) / a["extra"]["foot_length"]
    for s in ("left", "right"):
        out[:, J[f"{s}_collar"]] = hips + collar_up * trunk + collar_across * (lm[f"{s}_shoulder"] - shoulders)
        heel = lm[f"{s}_heel"]
        out[:, J[f"{s}_foot"]] = heel + foot_along * (lm[f"{s}_foot_index"] - heel)
    return out


def _planted_velocity(joints: np.ndarray, fps: float, height: float) -> tuple[np.ndarray, np.ndarray]:
    """Pelvis velocity (F, 3) from the planted foot, and pelvis height (F,) above it; NaN-free."""
    rel = joints - joints[:, :1]
    velocity = np.full((len(joints), 3), np.nan)
    pelvis_y = np.full(len(joints), np.nan)
    points = [J["left_foot"], J["right_foot"], J["left_ankle"], J["right_ankle"]]
    rest = {j: np.percentile(rel[:, j, 1], 5) for j in points}
    lift = np.stack([rel[:, j, 1] - rest[j] for j in points], axis=1)
    grad = np.gradient(rel, axis=0) * fps
    best = lift.argmin(axis=1)
    planted = lift[np.arange(len(joints)), best] < CONTACT_TOL * height
    for f in np.nonzero(planted)[0]:
        j = points[best[f]]
        velocity[f] = -grad[f, j]
        pelvis_y[f] = -rest[j] - lift[f, best[f]]
    t = np.arange(len(joints))
    if not planted.any():  # never seen on the ground: in place, at standing height
        return np.zeros((len(joints), 3)), np.full(len(joints), make_body(height).rest[J["pelvis"], 1])
    velocity = np.stack([np.interp(t, t[planted], velocity[planted, k]) for k in range(3)], axis=1)
    pelvis_y = np.interp(t, t[planted], pelvis_y[planted])
    velocity[:, 1] = 0.0
    return velocity, pelvis_y


def read_video_motion(path: str | Path) -> VideoClip:
    """The performance in a video as joint positions on the ground (steps 1–4 of the module docstring)."""
    landmarks, fps = world_landmarks(path)
    joints = lift_to_joints(landmarks)
    window = max(5, int(round(SMOOTH_S * fps)) | 1)
    if len(joints) > window:
        joints = savgol_filter(joints, window, 3, axis=0)
    height = float(np.median(joints[:, J["head"], 1] - np.minimum(joints[:, J["left_ankle"], 1],
                                                                   joints[:, J["right_ankle"], 1]))) \
        / (make_body(1.0).rest[J["head"], 1] - make_body(1.0).rest[J["left_ankle"], 1])
    velocity, pelvis_y = _planted_velocity(joints, fps, height)
    path_xz = np.cumsum(velocity, axis=0) / fps
    path_xz -= path_xz[0]
    rel = joints - joints[:, :1]
    placed = rel + (path_xz + pelvis_y[:, None] * [0.0, 1.0, 0.0])[:, None, :]
    return VideoClip(joints=placed, fps=fps)


def leg_length(joints: np.ndarray) -> float:
    return float(np.median(np.linalg.norm(joints[:, J["left_knee"]] - joints[:, J["left_hip"]], axis=1)
                           + np.linalg.norm(joints[:, J["left_ankle"]] - joints[:, J["left_knee"]], axis=1)))


@lru_cache(maxsize=4)
def _video_motion(path: str, mtime: float) -> VideoClip:
    return read_video_motion(path)


def retarget_video(path: str | Path, body: Body) -> Retargeted:
    """The video's performance on this body: the whole clip (path included) scaled to the body's legs."""
    path = check_video(path)
    clip = _video_motion(str(path), path.stat().st_mtime)
    our_leg = float(np.linalg.norm(body.offsets[J["left_knee"]]) + np.linalg.norm(body.offsets[J["left_ankle"]]))
    scaled = VideoClip(joints=clip.joints * (our_leg / leg_length(clip.joints)), fps=clip.fps)
    return retarget(scaled, body)


def video_duration(path: str | Path) -> float:
    """Seconds of motion in a video (as far as it is read: the hard duration limit)."""
    path = check_video(path)
    return _video_motion(str(path), path.stat().st_mtime).duration_s
