"""BVH motion capture reader with forward kinematics to joint positions in metres.

Robust to what real files do: any joint names, per-joint channel orders, End Sites, CRLF or LF (mixed),
`Frame Time: .0083333`, and unknown length units (inferred from the leg length: metres, centimetres, inches,
millimetres, or CMU units of 1/0.45 inch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.errors import InputError

# candidate length units in metres; a human leg (hip to ankle) is ≈0.45–0.55 of standing height
UNITS_M = {"m": 1.0, "cm": 0.01, "mm": 0.001, "inch": 0.0254, "cmu": 0.0254 / 0.45}
TYPICAL_LEG_M = 0.85


@dataclass
class BvhClip:
    """A parsed clip. positions are world metres (F, n_joints, 3) with Y up, after unit conversion."""

    names: list[str]  # joint names; End Sites are named "<parent>_end"
    parents: list[int]
    offsets: np.ndarray  # (n, 3) metres
    fps: float
    rotations: np.ndarray  # (F, n, 4) local quaternions xyzw (End Sites identity)
    root_positions: np.ndarray  # (F, 3) metres
    unit: str
    scale_m: float

    @property
    def n_frames(self) -> int:
        return len(self.rotations)

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps

    def index(self, name: str) -> int:
        return self.names.index(name)

    def positions(self) -> np.ndarray:
        """World joint positions (F, n, 3) by forward kinematics."""
        frames, n = self.rotations.shape[:2]
        pos = np.zeros((frames, n, 3))
        glob: list[Rotation] = [None] * n  # type: ignore[list-item]
        for j, p in enumerate(self.parents):
            r = Rotation.from_quat(self.rotations[:, j])
            if p < 0:
                glob[j] = r
                pos[:, j] = self.root_positions
            else:
                glob[j] = glob[p] * r
                pos[:, j] = pos[:, p] + glob[p].apply(self.offsets[j])
        return pos


def _tokens(text: str) -> list[str]:
    return text.replace("{", " { ").replace("}", " } ").split()


def read_bvh(path: str | Path) -> BvhClip:
    """Parse a BVH file (see module docstring); raises InputError naming the file on malformed input."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError("source", f"cannot read BVH file {path}: {exc.strerror}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    head, sep, motion = text.partition("MOTION")
    if not sep or "HIERARCHY" not in head:
        raise InputError("source", f"{path.name} is not a BVH file (no HIERARCHY/MOTION sections)")
    names, parents, offsets, channels = [], [], [], []
    stack: list[int] = []
    tokens = _tokens(head.split("HIERARCHY", 1)[1])
    i = 0
    try:
        while i < len(tokens):
            tok = tokens[i]
            if tok in ("ROOT", "JOINT"):
                names.append(tokens[i + 1])
                parents.append(stack[-1] if stack else -1)
                offsets.append([0.0, 0.0, 0.0])
                channels.append([])
                i += 2
            elif tok == "End":  # End Site
                names.append(f"{names[stack[-1]]}_end")
                parents.append(stack[-1])
                offsets.append([0.0, 0.0, 0.0])
                channels.append([])
                i += 2
            elif tok == "{":
                stack.append(len(names) - 1)
                i += 1
            elif tok == "}":
                stack.pop()
                i += 1
            elif tok == "OFFSET":
                offsets[stack[-1]] = [float(v) for v in tokens[i + 1:i + 4]]
                i += 4
            elif tok == "CHANNELS":
                count = int(tokens[i + 1])
                channels[stack[-1]] = tokens[i + 2:i + 2 + count]
                i += 2 + count
            else:
                i += 1
        lines = [ln for ln in motion.strip().split("\n") if ln.strip()]
        n_frames = int(re.search(r"Frames:\s*(\d+)", lines[0]).group(1))
        frame_time = float(re.search(r"Frame Time:\s*([0-9.eE+-]+)", lines[1]).group(1))
        data = np.array([[float(v) for v in ln.split()] for ln in lines[2:2 + n_frames]])
    except (IndexError, ValueError, AttributeError) as exc:
        raise InputError("source", f"{path.name}: malformed BVH ({exc})") from None
    n_channels = sum(len(c) for c in channels)
    if data.ndim != 2 or data.shape[1] != n_channels or len(data) == 0 or frame_time <= 0:
        raise InputError("source", f"{path.name}: motion data does not match its {n_channels} channels")
    offsets_arr = np.array(offsets)
    unit, scale = _infer_unit(names, parents, offsets_arr)
    rotations = np.zeros((len(data), len(names), 4))
    rotations[..., 3] = 1.0
    root_positions = np.zeros((len(data), 3))
    col = 0
    for j, chans in enumerate(channels):
        rot_axes = "".join(c[0].upper() for c in chans if c.lower().endswith("rotation"))
        rot_cols = [col + k for k, c in enumerate(chans) if c.lower().endswith("rotation")]
        pos_cols = {c[0].lower(): col + k for k, c in enumerate(chans) if c.lower().endswith("position")}
        if rot_axes:
            # BVH applies rotations in the listed order about the joint's own (intrinsic) axes
            rotations[:, j] = Rotation.from_euler(rot_axes, data[:, rot_cols], degrees=True).as_quat()
        if pos_cols and parents[j] < 0:
            root_positions = np.stack([data[:, pos_cols.get(a, col)] if a in pos_cols else
                                       np.full(len(data), offsets_arr[j, k]) for k, a in enumerate("xyz")],
                                      axis=1)
        col += len(chans)
    return BvhClip(names=names, parents=parents, offsets=offsets_arr * scale, fps=1.0 / frame_time,
                   rotations=rotations, root_positions=root_positions * scale, unit=unit, scale_m=scale)


def _infer_unit(names: list[str], parents: list[int], offsets: np.ndarray) -> tuple[str, float]:
    """The unit whose reading of the longest root-to-leaf downward chain gives a human-sized leg."""
    drop = np.zeros(len(names))
    for j, p in enumerate(parents):
        if p >= 0:
            drop[j] = drop[p] + max(-offsets[j, 1], 0.0)
    leg = float(drop.max())  # the root's lowest descendant: the foot (in rest pose units)
    if leg <= 0:
        length = np.linalg.norm(offsets, axis=1)
        leg = float(length.sum() / 4)
    unit = min(UNITS_M, key=lambda u: abs(np.log(leg * UNITS_M[u] / TYPICAL_LEG_M)))
    return unit, UNITS_M[unit]
