"""Motion transfer from a video of a person: per-frame 3D pose, lifted to our 22 joints, on the ground.

    # 1. Decode the video (PyAV) and estimate MediaPipe's 33 world landmarks per frame (metres, hip-centred)
    # 2. Lift them to our 22 joints: joints BlazePose has are taken, the rest (pelvis, spine, neck, collars,
    #    ball of the foot) placed at their anthropometric fractions between the ones it has; undo the
    #    left/right leg swaps a side view causes
    # 3. Smooth away the per-frame jitter (Savitzky–Golay: keeps a stride's peaks, unlike a moving average)
    # 4. Recover the ground path from the steps (step length between the feet at each strike, over the time
    #    between two passes of the feet), along the way the body faces: a camera travelling alongside is fine
    # 5. Hold each weight-bearing foot on its spot (strike to toe-off); scale to the character's height (a video
    #    has no metric scale: speed and step length scale with body size, as between people walking at equal
    #    Froude number), then retarget (body.retarget) with contacts re-pinned

The camera is assumed level and not turning (tracking alongside or static); a panning camera turns the path.
MediaPipe is imported only here: the `reference` extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.ndimage import binary_opening, gaussian_filter1d
from scipy.signal import find_peaks, savgol_filter

from cinemotion.motion.transfer.retarget import Retargeted, retarget
from cinemotion.body.skeleton import JOINTS, J, PARENTS, Body, anthropometry, make_body
from cinemotion.errors import InputError
from cinemotion.body.contacts import intervals
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.spec.models import HARD_MAX_DURATION_S

MAX_VIDEO_BYTES = 500 * 1024 * 1024  # input limit: a few minutes of 1080p phone video, not a film to decode
MAX_PIXELS = 3840 * 2160  # input limit: 4K UHD, the largest frame the decoder is asked to hold


class VideoPoseFigures(Figures):
    min_detected: Figure[float]
    smooth_s: Figure[float]
    stride_s: Figure[float]
    min_step_s: Figure[float]
    min_step_prominence_m: Figure[float]
    step_prominence_fraction: Figure[float]
    step_percentile: Figure[int]
    step_spacing_fraction: Figure[float]
    standing_mps: Figure[float]
    lift_tol: Figure[float]
    plateau_tol: Figure[float]
    min_lift_s: Figure[float]
    plant_blend_s: Figure[float]


FIGURES = load_table("motion/transfer/video_pose.yaml", VideoPoseFigures)
MIN_DETECTED = FIGURES.min_detected.value  # fewer frames with a person than this share: not a person moving
SMOOTH_S = FIGURES.smooth_s.value  # Savitzky–Golay window
STRIDE_S = FIGURES.stride_s.value
MIN_STEP_S = FIGURES.min_step_s.value  # the shortest step
MIN_STEP_PROMINENCE_M = FIGURES.min_step_prominence_m.value  # feet parting less than this are shuffling
STEP_PROMINENCE_FRACTION = FIGURES.step_prominence_fraction.value  # … or less than this share of the usual step
STEP_PERCENTILE = FIGURES.step_percentile.value  # the feet's separation at the strike, among a stride's frames
STEP_SPACING_FRACTION = FIGURES.step_spacing_fraction.value  # closer passes (share of step time) are one pass
STANDING_MPS = FIGURES.standing_mps.value  # slower than this the body stands
LIFT_TOL = FIGURES.lift_tol.value  # × leg length: an ankle or ball this close to its lowest may bear weight
PLATEAU_TOL = FIGURES.plateau_tol.value  # the feet's separation this close to its widest has stopped growing
MIN_LIFT_S = FIGURES.min_lift_s.value  # shorter lifts are landmark jitter
PLANT_BLEND_S = FIGURES.plant_blend_s.value  # a planted foot eases onto and off its spot over this long
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
    height_m: float  # the performer's standing height as estimated (head joint to ankles, anthropometric fractions)
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


def untangle_legs(joints: np.ndarray, fps: float) -> np.ndarray:
    """Undo left/right leg label swaps, from how far left foot is ahead of right along the facing direction.

    Seen from the side, the estimator swaps the legs' labels: abruptly now and then (the signal jumps to its
    mirror image: continuity undoes it), and as the legs pass each other (it tends to call the rear leg
    "left", so that foot seems to bounce back instead of passing). Passes are the minima of the feet's
    separation, which needs no labels; between two passes the same leg stays in front, so the sign
    alternates from one pass to the next, and legs are relabelled where it does not.
    """
    forward = facing_per_frame(joints, fps)
    ahead = np.einsum("fk,fk->f", joints[:, J["left_foot"]] - joints[:, J["right_foot"]], forward)
    label = np.ones(len(joints))
    for f in range(1, len(joints)):
        before = label[f - 1] * ahead[f - 1]
        label[f] = 1.0 if abs(ahead[f] - before) <= abs(-ahead[f] - before) else -1.0
    passes = feet_passes(np.abs(ahead), fps)
    bounds = np.concatenate([[0], passes, [len(joints)]])
    lead = np.sign(np.median((label * ahead)[bounds[0]:bounds[1]])) or 1.0
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        if np.sign(np.median((label * ahead)[a:b])) != lead * (-1) ** i:
            label[a:b] = -label[a:b]
    # a relabelled leg moves over to the other hip (the estimator's hips are right; its legs' depth is not)
    out = joints.copy()
    swap = label < 0
    across = (joints[:, J["left_hip"]] - joints[:, J["right_hip"]])[swap, None]
    left, right = ([J[f"{side}_{j}"] for j in ("knee", "ankle", "foot")] for side in ("left", "right"))
    out[np.ix_(swap, left)] = joints[np.ix_(swap, right)] + across
    out[np.ix_(swap, right)] = joints[np.ix_(swap, left)] - across
    return out


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


def facing_per_frame(joints: np.ndarray, fps: float) -> np.ndarray:
    """(F, 3) horizontal unit vectors the body faces (across hips and shoulders, averaged over a stride)."""
    across = (joints[:, J["left_hip"]] - joints[:, J["right_hip"]]
              + joints[:, J["left_shoulder"]] - joints[:, J["right_shoulder"]])
    forward = np.cross(across, [0.0, 1.0, 0.0])
    forward[:, 1] = 0.0
    forward = gaussian_filter1d(forward, max(1.0, STRIDE_S * fps / 2), axis=0, mode="nearest")
    return forward / np.maximum(np.linalg.norm(forward, axis=1, keepdims=True), 1e-9)


def feet_passes(apart: np.ndarray, fps: float) -> np.ndarray:
    """Frames where the feet pass each other: sharp minima of their separation, about a step apart."""
    prominence = max(MIN_STEP_PROMINENCE_M, STEP_PROMINENCE_FRACTION * np.percentile(apart, 90))
    spacing = max(1, int(STEP_SPACING_FRACTION * step_period(apart, fps) * fps))
    return find_peaks(-apart, distance=spacing, prominence=prominence)[0]


def step_period(apart: np.ndarray, fps: float) -> float:
    """Seconds per step: the first peak of the feet's separation's autocorrelation (the clip's usual rhythm)."""
    x = apart - apart.mean()
    ac = np.correlate(x, x, mode="full")[len(x) - 1:]
    peaks, _ = find_peaks(ac[: len(x) - 2])
    peaks = peaks[peaks >= MIN_STEP_S * fps]
    return float(peaks[0] / fps) if len(peaks) else MIN_STEP_S


def ground_path(joints: np.ndarray, fps: float) -> np.ndarray:
    """(F, 3) pelvis path on the ground from the steps: speed = step length / step time, along the facing.

    Measured between the feet, in the body's own frame, so a camera that travels alongside does not matter.
    A step runs from one pass of the feet (mid-swing, their separation at its sharp minimum) to the next; the
    body advances by its length, the feet's separation at the strike (their widest).
    """
    forward = facing_per_frame(joints, fps)
    apart = np.abs(np.einsum("fk,fk->f", joints[:, J["left_foot"]] - joints[:, J["right_foot"]], forward))
    speed = np.zeros(len(joints))
    passes = feet_passes(apart, fps)
    if len(passes) >= 2:
        # each step's length: the feet's widest separation over the stride around it (the estimator confuses
        # the legs for a few frames now and then, which only ever brings the feet together)
        mids = 0.5 * (passes[1:] + passes[:-1])
        reach = np.diff(passes).max()
        lengths = np.array([np.percentile(apart[max(0, int(m) - reach):int(m) + reach + 1], STEP_PERCENTILE)
                            for m in mids])
        speed = np.interp(np.arange(len(joints)), mids, lengths / (np.diff(passes) / fps))
    return np.cumsum(forward * speed[:, None], axis=0) / fps


def pelvis_height(joints: np.ndarray, fps: float) -> np.ndarray:
    """(F,) pelvis height above the lower foot's ball (the foot bearing weight), smoothed over landmark jitter."""
    rel = joints[:, [J["left_foot"], J["right_foot"]], 1] - joints[:, :1, 1]
    return gaussian_filter1d(-rel.min(axis=1), max(1.0, 0.05 * fps))


def stance(joints: np.ndarray, fps: float) -> np.ndarray:
    """(F, 2) bool: left and right foot bearing weight, from foot strike to toe-off.

    A foot strikes where the feet are furthest apart with it in front (the separation is the steadiest signal
    the landmarks give); it bears weight from there, once down, until it lifts off (double support in a walk,
    before the other foot lands in a run). Before the first strike and while standing, a foot bears weight
    while it rests low.
    """
    forward = facing_per_frame(joints, fps)
    ahead = np.einsum("fk,fk->f", joints[:, J["left_foot"]] - joints[:, J["right_foot"]], forward)
    passes = feet_passes(np.abs(ahead), fps)
    step = STEP_PROMINENCE_FRACTION * np.percentile(np.abs(ahead), 90)
    travel = np.gradient(joints[:, 0], axis=0) * fps
    speed = gaussian_filter1d(np.linalg.norm(travel[:, [0, 2]], axis=1), max(1.0, STRIDE_S * fps / 2))
    contacts = np.zeros((len(joints), 2), bool)
    bounds = np.concatenate([[0], passes, [len(joints)]])
    for k, (side, sign) in enumerate((("left", 1.0), ("right", -1.0))):
        # heel strike lands on the heel, push-off rolls to the ball: either low is a foot on the ground
        lift = np.minimum(*(joints[:, J[f"{side}_{j}"], 1] - np.percentile(joints[:, J[f"{side}_{j}"], 1], 5)
                            for j in ("ankle", "foot")))
        low = lift < LIFT_TOL * leg_length(joints)
        # a foot that swings forward past the other (faster than half the body's speed) is off the ground
        swinging = sign * np.gradient(gaussian_filter1d(ahead, 1.0)) * fps > 0.5 * speed
        on = (speed < STANDING_MPS) & low
        # strikes: the frame of each step where this foot is furthest in front (the clip may open mid-stance)
        strikes = [0] if sign * ahead[0] > 0 or low[0] else []
        for a, b in zip(bounds[1:-1], bounds[2:]):
            widest = float(np.max(sign * ahead[a:b]))
            if widest > step:  # this foot leads by a step: not the other foot's step
                # the feet stop parting when the front one lands (both then stay put): the plateau's start
                strikes.append(a + int(np.argmax(sign * ahead[a:b] >= (1 - PLATEAU_TOL) * widest)))
        # off the ground for longer than a flicker of the landmarks (a swing lasts ≥ 0.3 s even sprinting)
        lifted_all = binary_opening(~low | swinging, np.ones(max(2, int(round(MIN_LIFT_S * fps)))))
        for strike in strikes:
            down = strike + int(np.argmax(low[strike:])) if low[strike:].any() else len(joints)
            lifted = lifted_all[down + 1:]  # the strike frame itself ends the swing
            off = down + 1 + int(np.argmax(lifted)) if lifted.any() else len(joints)
            on[strike:off] = True
        contacts[:, k] = on
    return contacts


def plant_feet(joints: np.ndarray, contacts: np.ndarray, fps: float) -> np.ndarray:
    """Joints with each weight-bearing foot's ankle and ball held at their median spot, easing in and out."""
    out = joints.copy()
    blend = max(1, int(round(PLANT_BLEND_S * fps)))
    for k, side in enumerate(("left", "right")):
        for a, b in intervals(contacts[:, k]):
            for j in (J[f"{side}_ankle"], J[f"{side}_foot"]):
                spot = np.median(joints[a:b, j], axis=0)
                spot[1] = np.percentile(joints[:, j, 1], 5)
                # held from the frame before the strike to the frame after toe-off, so that a still-foot test
                # by central differences (quality.contacts) sees the whole stance
                first, last = a - 1, b
                lo, hi = max(0, first - blend), min(len(joints), last + blend + 1)
                t = np.arange(lo, hi)
                weight = np.clip(np.minimum((t - (first - blend)) / blend, ((last + blend) - t) / blend), 0.0, 1.0)
                out[lo:hi, j] += weight[:, None] * (spot - joints[lo:hi, j])
    return out


def read_video_motion(path: str | Path) -> VideoClip:
    """The performance in a video as joint positions on the ground (steps 1–4 of the module docstring)."""
    landmarks, fps = world_landmarks(path)
    joints = untangle_legs(lift_to_joints(landmarks), fps)
    window = max(5, int(round(SMOOTH_S * fps)) | 1)
    if len(joints) > window:
        joints = savgol_filter(joints, window, 3, axis=0)
    path = ground_path(joints, fps)
    path[:, 1] = pelvis_height(joints, fps)
    placed = joints - joints[:, :1] + path[:, None, :]
    return VideoClip(joints=plant_feet(placed, stance(placed, fps), fps), fps=fps, height_m=stature(placed))


def leg_length(joints: np.ndarray) -> float:
    return float(np.median(np.linalg.norm(joints[:, J["left_knee"]] - joints[:, J["left_hip"]], axis=1)
                           + np.linalg.norm(joints[:, J["left_ankle"]] - joints[:, J["left_knee"]], axis=1)))


def stature(joints: np.ndarray) -> float:
    """Standing height from head joint over ankles (anthropometry.yaml fractions), the median over the clip.

    The whole body's size is steadier than the legs': the estimator foreshortens legs more than the trunk
    (measured on our renders, its legs come out ≈10 % short and its head-to-ankle span ≈7 %).
    """
    rest = make_body(1.0).rest
    span = joints[:, J["head"], 1] - np.minimum(joints[:, J["left_ankle"], 1], joints[:, J["right_ankle"], 1])
    return float(np.median(span) / (rest[J["head"], 1] - rest[J["left_ankle"], 1]))


@lru_cache(maxsize=4)
def _video_motion(path: str, mtime: float) -> VideoClip:
    return read_video_motion(path)


def retarget_video(path: str | Path, body: Body) -> Retargeted:
    """The video's performance on this body: the whole clip (path included) scaled to the body's height."""
    path = check_video(path)
    clip = _video_motion(str(path), path.stat().st_mtime)
    scale = body.height_m / clip.height_m
    return retarget(VideoClip(joints=clip.joints * scale, fps=clip.fps, height_m=body.height_m), body)


def video_duration(path: str | Path) -> float:
    """Seconds of motion in a video (as far as it is read: the hard duration limit)."""
    path = check_video(path)
    return _video_motion(str(path), path.stat().st_mtime).duration_s
