"""Camera paths for neural video models: RealEstate10K / CameraCtrl lines and MotionCtrl JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.media.atomic import atomic_path


def camera_rows(cameras: CameraPath | list[CameraPath]) -> list[list[float]]:
    """One row per frame on the film clock: time, fx/W, fy/H, cx/W, cy/H, 0, 0, then [R|t] row-major."""
    rows, clock = [], 0.0
    for camera in [cameras] if isinstance(cameras, CameraPath) else cameras:
        for f in range(camera.n_frames):
            rt = camera.world_to_camera(f).reshape(-1)
            rows.append([clock + f / camera.fps, camera.fx[f] / camera.width, camera.fy[f] / camera.height,
                         camera.cx / camera.width, camera.cy / camera.height, 0.0, 0.0, *rt.tolist()])
        clock += camera.n_frames / camera.fps
    return rows


def write_camera_txt(path: Path, cameras: CameraPath | list[CameraPath]) -> None:
    """RealEstate10K format; CameraCtrl reads it as is (the first token of a line is the timestamp)."""
    lines = [" ".join(f"{v:.6f}" if k == 0 else f"{v:.9g}" for k, v in enumerate(row)) for row in camera_rows(cameras)]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n")


def write_camera_motionctrl(path: Path, cameras: CameraPath | list[CameraPath]) -> None:
    """MotionCtrl's camera poses: a JSON list with the flattened 3x4 world-to-camera RT of each frame."""
    poses = [np.round(np.array(row[7:]), 9).tolist() for row in camera_rows(cameras)]
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(poses))


def read_camera_txt(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times (F,), normalised intrinsics (F, 4) and world-to-camera (F, 3, 4) from a camera.txt."""
    data = np.loadtxt(path, ndmin=2)
    return data[:, 0], data[:, 1:5], data[:, 7:19].reshape(-1, 3, 4)
