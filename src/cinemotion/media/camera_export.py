"""Camera path exports for camera-conditioned video models, OpenCV axes, world-to-camera.

camera.txt is DESIGN.md's contract: exactly one line per frame,
`time_s fx/W fy/H cx/W cy/H 0 0 r11 r12 r13 t1 r21 r22 r23 t2 r31 r32 r33 t3` (seconds on the film clock).
camera_realestate10k.txt is the same poses in the dataset's own layout, as CameraCtrl reads it: a
first line naming the clip (the dataset's video URL; CameraCtrl skips line 0) and integer
microsecond timestamps.
camera_motionctrl.json is MotionCtrl's per-frame "RT": a JSON list of the 12 numbers of [R | t].
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.media.atomic import atomic_path


def _film_frames(cameras: CameraPath | Sequence[CameraPath]) -> Iterator[tuple[float, CameraPath, int]]:
    """(time on the film clock, camera, frame) for every frame of the shots in order."""
    start = 0.0
    for camera in [cameras] if isinstance(cameras, CameraPath) else cameras:
        for frame in range(camera.n_frames):
            yield start + frame / camera.fps, camera, frame
        start += camera.n_frames / camera.fps


def camera_lines(cameras: CameraPath | Sequence[CameraPath], *, microseconds: bool = False) -> list[str]:
    """Pose lines, one per film frame; the time in seconds, or in integer microseconds (RealEstate10K)."""
    lines = []
    for time_s, cam, f in _film_frames(cameras):
        intrinsics = (cam.fx[f] / cam.width, cam.fy[f] / cam.height, cam.cx / cam.width, cam.cy / cam.height)
        numbers = [*intrinsics, 0.0, 0.0, *cam.world_to_camera(f).reshape(-1)]
        stamp = str(int(round(time_s * 1e6))) if microseconds else f"{time_s:.6f}"
        lines.append(" ".join([stamp] + [f"{float(v):.9g}" for v in numbers]))
    return lines


def write_camera_txt(path: str | Path, cameras: CameraPath | Sequence[CameraPath]) -> None:
    """camera.txt: one line per frame, time in seconds (DESIGN.md)."""
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(camera_lines(cameras)) + "\n")


def write_camera_realestate10k(path: str | Path, cameras: CameraPath | Sequence[CameraPath], *,
                               source: str = "cinemotion") -> None:
    """The RealEstate10K file CameraCtrl loads: a header line, then microsecond-stamped pose lines."""
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join([source, *camera_lines(cameras, microseconds=True)]) + "\n")


def motionctrl_poses(cameras: CameraPath | Sequence[CameraPath]) -> list[list[float]]:
    """MotionCtrl's camera poses: the flattened 3x4 world-to-camera [R | t] of every film frame."""
    return [[round(float(v), 9) for v in cam.world_to_camera(f).reshape(-1)] for _, cam, f in _film_frames(cameras)]


def write_camera_motionctrl(path: str | Path, cameras: CameraPath | Sequence[CameraPath]) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(motionctrl_poses(cameras)))


def read_camera_txt(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times in seconds (F,), normalised intrinsics (F, 4) and world-to-camera (F, 3, 4) of a camera.txt
    or a camera_realestate10k.txt (header line, microseconds)."""
    text = Path(path).read_text().splitlines()
    realestate = bool(text) and len(text[0].split()) < 19
    data = np.loadtxt(text[1:] if realestate else text, ndmin=2)
    times = data[:, 0] / 1e6 if realestate else data[:, 0]
    return times, data[:, 1:5], data[:, 7:19].reshape(-1, 3, 4)
