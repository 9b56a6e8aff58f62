"""Build BVH files of other rigs from a real capture: renamed, re-rooted, rescaled, Z-up, other rest poses, extra
joints. Every change keeps the performer's motion (joint positions) exactly, so a transfer of the built file must
measure like one of the original."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.bvh import read_bvh

CMU_BVH = Path(__file__).resolve().parents[3] / "shared" / "data" / "cmu" / "bvh"


@dataclass
class Joint:
    name: str
    parent: int
    offset: np.ndarray  # (3,) in the parent's frame
    rotations: Rotation | None  # (F,) local; None for an End Site
    translations: np.ndarray | None = None  # (F, 3) position channels, if the joint has them


@dataclass
class Rig:
    joints: list[Joint]
    fps: float
    notes: list[str] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return len(next(j.rotations for j in self.joints if j.rotations is not None))

    def index(self, name: str) -> int:
        return next(i for i, j in enumerate(self.joints) if j.name == name)

    def children(self, i: int) -> list[int]:
        return [k for k, j in enumerate(self.joints) if j.parent == i]


def load(path: Path, frames: slice = slice(None)) -> Rig:
    """A capture (metres, as read_bvh gives it) as an editable rig; `.bvh.gz` files are unpacked first."""
    if path.suffix == ".gz":
        plain = Path("/tmp") / f"rig_files_{path.stem}"
        plain.write_bytes(gzip.decompress(path.read_bytes()))
        path = plain
    clip = read_bvh(path)
    rot = clip.rotations[frames]
    ends = {i for i, n in enumerate(clip.names) if n.endswith("_end") and i not in clip.parents}
    joints = [Joint(name, p, clip.offsets[i].copy(), None if i in ends else Rotation.from_quat(rot[:, i]),
                    clip.translations[frames][:, i].copy() if p < 0 else None)
              for i, (name, p) in enumerate(zip(clip.names, clip.parents))]
    return Rig(joints, clip.fps)


def positions(rig: Rig) -> np.ndarray:
    """World joint positions (F, n, 3) of the rig (FK)."""
    frames = rig.frames
    glob: list[Rotation] = []
    out = np.zeros((frames, len(rig.joints), 3))
    for i, j in enumerate(rig.joints):
        local = j.rotations if j.rotations is not None else Rotation.identity(frames)
        move = j.translations if j.translations is not None else np.tile(j.offset, (frames, 1))
        if j.parent < 0:
            glob.append(local)
            out[:, i] = move
        else:
            glob.append(glob[j.parent] * local)
            out[:, i] = out[:, j.parent] + glob[j.parent].apply(move)
    return out


def rename(rig: Rig, names: dict[str, str], anonymous: bool = False) -> Rig:
    """Joints renamed by the table (unlisted ones keep their name, or become `bone_NN` when anonymous)."""
    for k, j in enumerate(rig.joints):
        j.name = names.get(j.name, f"bone_{k:02d}" if anonymous else j.name)
    return rig


def scale(rig: Rig, factor: float) -> Rig:
    """Lengths in another unit (×100 for centimetres, /0.0254 for inches)."""
    for j in rig.joints:
        j.offset = j.offset * factor
        if j.translations is not None:
            j.translations = j.translations * factor
    return rig


def turn_world(rig: Rig, turn: Rotation) -> Rig:
    """The same performance in other world axes (e.g. Z up): offsets, root path and every frame turned."""
    for j in rig.joints:
        j.offset = turn.apply(j.offset)
        if j.translations is not None:
            j.translations = turn.apply(j.translations)
        if j.rotations is not None:
            j.rotations = turn * j.rotations * turn.inv()
    return rig


def turn_root(rig: Rig, turn: Rotation) -> Rig:
    """The performance turned by the root alone (a Y-up skeleton in a Z-up world: the rest pose keeps its axes)."""
    root = next(j for j in rig.joints if j.parent < 0)
    root.rotations = turn * root.rotations
    root.translations = turn.apply(root.translations)
    return rig


def repose(rig: Rig, joint: str, change: Rotation) -> Rig:
    """Another rest pose: `joint` and everything below it rest turned by `change` (e.g. T-pose arms → A-pose);
    the motion is re-expressed so the performance is unchanged."""
    top = rig.index(joint)
    below = {top}
    for i, j in enumerate(rig.joints):
        if j.parent in below:
            below.add(i)
    for i in sorted(below):
        j = rig.joints[i]
        if i != top:
            j.offset = change.inv().apply(j.offset)
        if j.rotations is not None:
            j.rotations = (change.inv() * j.rotations if i != top else j.rotations) * change
    return rig


def add_joint(rig: Rig, name: str, parent: str, offset, *, end: bool = False) -> Rig:
    """An extra joint that does not move the body (finger, twist leaf, prop, eye), with an End Site below it."""
    p = rig.index(parent)
    rig.joints.append(Joint(name, p, np.asarray(offset, float), None if end else Rotation.identity(rig.frames)))
    if not end:
        rig.joints.append(Joint(f"{name}_end", len(rig.joints) - 1, np.asarray(offset, float) * 0.5, None))
    return _reorder(rig)


def remove(rig: Rig, name: str) -> Rig:
    """A joint and everything below it taken out (a rig without toes, fingers or eyes)."""
    gone = {rig.index(name)}
    for i, j in enumerate(rig.joints):
        if j.parent in gone:
            gone.add(i)
    keep = [i for i in range(len(rig.joints)) if i not in gone]
    new = {old: k for k, old in enumerate(keep)}
    rig.joints = [rig.joints[i] for i in keep]
    for j in rig.joints:
        j.parent = new[j.parent] if j.parent >= 0 else -1
    return _with_end_sites(rig)


def _with_end_sites(rig: Rig) -> Rig:
    """Every joint left without children ends in an End Site (at the joint, as some exporters write it)."""
    for i, j in enumerate(list(rig.joints)):
        if j.rotations is not None and not rig.children(i):
            rig.joints.append(Joint(f"{j.name}_end", i, np.zeros(3), None))
    return _reorder(rig)


def split_bone(rig: Rig, child: str, name: str, twist_deg: float = 25.0) -> Rig:
    """A twist bone inserted halfway along the bone ending at `child`, twisting about the bone as it moves."""
    c = rig.index(child)
    j = rig.joints[c]
    axis = j.offset / np.linalg.norm(j.offset)
    phase = np.linspace(0, 4 * np.pi, rig.frames)
    twist = Rotation.from_rotvec(np.radians(twist_deg) * np.sin(phase)[:, None] * axis)
    rig.joints.append(Joint(name, j.parent, j.offset * 0.5, twist))
    j.parent, j.offset = len(rig.joints) - 1, j.offset * 0.5
    j.rotations = twist.inv() * j.rotations
    return _reorder(rig)


def reroot(rig: Rig, name: str) -> Rig:
    """A new root on the ground under the pelvis carrying its horizontal path (Unreal's `root`, Mixamo's
    reference); the pelvis moves relative to it through position channels."""
    old = next(i for i, j in enumerate(rig.joints) if j.parent < 0)
    pelvis = rig.joints[old]
    ground = pelvis.translations * [1, 0, 1]
    pelvis.translations = pelvis.translations - ground
    root = Joint(name, -1, np.zeros(3), Rotation.identity(rig.frames), ground)
    for j in rig.joints:
        j.parent = j.parent + 1 if j.parent >= 0 else 0
    rig.joints.insert(0, root)
    return rig


def _reorder(rig: Rig) -> Rig:
    """Parents before children, depth first (BVH nesting order)."""
    order: list[int] = []

    def visit(i: int) -> None:
        order.append(i)
        for c in rig.children(i):
            visit(c)

    for i, j in enumerate(rig.joints):
        if j.parent < 0:
            visit(i)
    new = {old: k for k, old in enumerate(order)}
    rig.joints = [rig.joints[i] for i in order]
    for j in rig.joints:
        j.parent = new[j.parent] if j.parent >= 0 else -1
    return rig


def write(rig: Rig, path: Path, order: str = "ZXY") -> Path:
    """The rig as a BVH file (rotations as intrinsic Euler angles in `order`, degrees)."""
    lines = ["HIERARCHY"]
    columns = []

    def emit(i: int, depth: int) -> None:
        j = rig.joints[i]
        pad = "\t" * depth
        if j.rotations is None:
            lines.extend([f"{pad}End Site", f"{pad}{{", f"{pad}\tOFFSET {' '.join(f'{v:.6f}' for v in j.offset)}",
                          f"{pad}}}"])
            return
        lines.extend([f"{pad}{'ROOT' if j.parent < 0 else 'JOINT'} {j.name}", f"{pad}{{",
                      f"{pad}\tOFFSET {' '.join(f'{v:.6f}' for v in j.offset)}"])
        chans = [f"{order[k]}rotation" for k in range(3)]
        values = [j.rotations.as_euler(order, degrees=True)]
        if j.translations is not None:
            chans = ["Xposition", "Yposition", "Zposition"] + chans
            values.insert(0, j.translations)
        lines.append(f"{pad}\tCHANNELS {len(chans)} {' '.join(chans)}")
        columns.append(np.concatenate(values, axis=1))
        for c in rig.children(i):
            emit(c, depth + 1)
        lines.append(f"{pad}}}")

    emit(0, 0)
    data = np.concatenate(columns, axis=1)
    lines += ["MOTION", f"Frames: {len(data)}", f"Frame Time: {1 / rig.fps:.7f}"]
    lines += [" ".join(f"{v:.5f}" for v in row) for row in data]
    path.write_text("\n".join(lines) + "\n")
    return path
