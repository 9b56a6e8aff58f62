"""A character's human body: the shipped hm08 asset shaped by sex, age and build, then fitted to the
skeleton the motion uses, so that its joints are the performance's joints.

Fitting: every bone's part of the mesh is moved by a map A_j(x) = r_j + L_j (x - m_j) from the
mesh's joint m_j to the skeleton's rest joint r_j; L_j turns the mesh's bone onto the skeleton's
(hm08 stands in an A-pose, the skeleton with arms down) and scales it to the skeleton's length,
with the body's overall scale across it. The maps blend by the skin weights (linear blend of a
rest-pose fit, done once). The fitted mesh's bind pose is then the skeleton's rest pose with
identity rotations: a bone's skinning transform is just its joint's global rotation and position.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from cinemotion.core.tables import load_table
from cinemotion.body.skeleton import JOINTS, N_JOINTS, PARENTS

HERE = Path(__file__).parent
PART_NAMES = ("body", "eyes", "lashes", "teeth", "tongue", "skirt")
# which joint's segment a leaf bone's fit follows, and the joints whose directions fit a bone
# that has several children (least squares)
_FIT_CHILDREN = {"pelvis": ("left_hip", "right_hip", "spine1"), "spine3": ("neck", "left_collar", "right_collar")}
_LEAF_FOLLOWS = {"head": None, "left_wrist": "left_elbow", "right_wrist": "right_elbow",
                 "left_foot": "left_ankle", "right_foot": "right_ankle"}


@cache
def human_table() -> dict:
    return load_table("body/human/human.yaml")


@cache
def asset() -> dict[str, np.ndarray]:
    with np.load(HERE / "hm08.npz") as z:
        return {k: z[k] for k in z.files}


@cache
def bone_names() -> tuple[str, ...]:
    return tuple(str(n) for n in asset()["bone_names"])


@cache
def bone_parents() -> tuple[int, ...]:
    """Each bone's parent: the SMPL tree, fingers chained from their wrist, eyes on the head."""
    names = bone_names()
    parents = list(PARENTS)
    for name in names[N_JOINTS:]:
        side = name.split("_")[0]
        if name.endswith("_eye"):
            parents.append(names.index("head"))
        elif name.endswith("1"):
            parents.append(names.index(f"{side}_wrist"))
        else:
            parents.append(names.index(name[:-1] + str(int(name[-1]) - 1)))
    return tuple(parents)


@cache
def face_unit_names() -> tuple[str, ...]:
    return tuple(str(n) for n in asset()["face_units"])


@dataclass(frozen=True)
class HumanBody:
    """A fitted body in the skeleton's rest pose (bind pose), metres, facing +Z, left = +X."""

    positions: np.ndarray      # (V, 3) float32
    normals: np.ndarray        # (V, 3) float32
    triangles: np.ndarray      # (T, 3) int32
    part: np.ndarray           # (V,) index into PART_NAMES
    bone_index: np.ndarray     # (V, 4) uint8
    bone_weight: np.ndarray    # (V, 4) float32, rows sum to 1
    rest_heads: np.ndarray     # (B, 3) each bone's joint in the bind pose
    face_vertices: np.ndarray  # (Vf,) vertices the face units move
    face_deltas: np.ndarray    # (52, Vf, 3) float32, fitted like the head
    a_pose: np.ndarray         # (V, 3) the shaped hm08 before fitting: arms and legs apart
    lips: np.ndarray           # (V,) 0..1 how much of each vertex is lip (MakeHuman's lip mask)
    brows: np.ndarray          # (V,) 0..1 brow hair

    def morphed(self, weights: np.ndarray) -> np.ndarray:
        """Bind-pose positions (V, 3) with the 52 face-unit weights applied."""
        out = self.positions.copy()
        out[self.face_vertices] += np.tensordot(weights.astype(np.float32), self.face_deltas, axes=1)
        return out


def shape_delta(sex: str, age: str, build: str) -> tuple[np.ndarray, np.ndarray]:
    """The baked macro shape's vertex deltas (V, 3) and bone heads (B, 3); "neutral" averages the sexes."""
    t = human_table()
    a = asset()
    sexes, ages, builds = list(t["sex"]), list(t["age"]), list(t["build"])
    weights = {"female": (1.0, 0.0), "male": (0.0, 1.0)}.get(sex, (0.5, 0.5))
    delta = np.zeros(a["positions"].shape)
    heads = np.zeros(a["shape_heads"].shape[1:])
    for s, w in zip(sexes, weights):
        if w == 0.0:
            continue
        k = (sexes.index(s) * len(ages) + ages.index(age)) * len(builds) + builds.index(build)
        delta += w * a["shape_deltas"][k].astype(np.float64)
        heads += w * a["shape_heads"][k]
    return delta, heads


def rest_joints(offsets: np.ndarray) -> np.ndarray:
    """Skeleton rest positions (22, 3) from per-joint offsets (the pelvis's is its position)."""
    rest = np.zeros((N_JOINTS, 3))
    for j, p in enumerate(PARENTS):
        rest[j] = offsets[j] if p < 0 else rest[p] + offsets[j]
    return rest


def _turn(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The smallest rotation matrix taking direction u onto direction v."""
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    axis = np.cross(u, v)
    s, c = np.linalg.norm(axis), float(u @ v)
    if s < 1e-9:
        return np.eye(3)
    k = axis / s
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + s * K + (1 - c) * K @ K


def _bone_maps(mesh_joints: np.ndarray, rest: np.ndarray, scale: float) -> list[np.ndarray]:
    """L_j for the 22 joints (see the module's docstring)."""
    children = {j: [c for c, p in enumerate(PARENTS) if p == j] for j in range(N_JOINTS)}
    maps: list[np.ndarray | None] = [None] * N_JOINTS
    for j, name in enumerate(JOINTS):
        if name in _FIT_CHILDREN:
            idx = [JOINTS.index(c) for c in _FIT_CHILDREN[name]]
            d = mesh_joints[idx] - mesh_joints[j]
            e = rest[idx] - rest[j]
            ridge = 1e-3  # pulls the directions the children don't span towards the overall scale
            maps[j] = (e.T @ d + ridge * scale * np.eye(3)) @ np.linalg.inv(d.T @ d + ridge * np.eye(3))
        elif len(children[j]) == 1:
            c = children[j][0]
            d, e = mesh_joints[c] - mesh_joints[j], rest[c] - rest[j]
            axis = e / np.linalg.norm(e)
            stretch = np.linalg.norm(e) / np.linalg.norm(d)
            # rotate the bone on, then scale along it to the skeleton's length, `scale` across
            maps[j] = (scale * np.eye(3) + (stretch - scale) * np.outer(axis, axis)) @ _turn(d, e)
    for name, follows in _LEAF_FOLLOWS.items():
        j = JOINTS.index(name)
        turn = np.eye(3) if follows is None else maps[JOINTS.index(follows)]
        if follows is not None:  # its parent's rotation, without the parent's stretch
            u, _, vt = np.linalg.svd(turn)
            turn = u @ vt
        maps[j] = scale * turn
    return maps  # type: ignore[return-value]


def fit_body(offsets: np.ndarray, sex: str = "neutral", age: str = "adult", build: str = "average") -> HumanBody:
    """The hm08 body shaped for this character and fitted to the skeleton with these rest offsets."""
    a = asset()
    names = bone_names()
    delta, heads = shape_delta(sex, age, build)
    mesh = a["positions"].astype(np.float64) + delta
    rest = rest_joints(np.asarray(offsets, float))
    top, bottom = JOINTS.index("head"), JOINTS.index("left_ankle")
    scale = (rest[top, 1] - rest[bottom, 1]) / (heads[top, 1] - heads[bottom, 1])
    joint_maps = _bone_maps(heads[:N_JOINTS], rest, scale)
    # fingers move rigidly with their hand, eyes with the head
    follow = [j if j < N_JOINTS else (JOINTS.index("head") if names[j].endswith("_eye")
                                      else JOINTS.index(names[j].split("_")[0] + "_wrist"))
              for j in range(len(names))]
    L = np.array([joint_maps[f] for f in follow])
    origin = np.array([heads[f] for f in follow])
    target = np.array([rest[f] for f in follow])
    index, weight = _garment_weights(mesh, a["part"], a["bone_index"].astype(int), a["bone_weight"].astype(np.float64))
    weight /= weight.sum(axis=1, keepdims=True)
    # each vertex: the weighted blend of its bones' maps
    moved = target[index] + np.einsum("vkij,vkj->vki", L[index], mesh[:, None, :] - origin[index])
    positions = np.einsum("vk,vki->vi", weight, moved)
    rest_heads = np.einsum("bij,bj->bi", L, heads - origin) + target
    rest_heads[:N_JOINTS] = rest
    head_map = joint_maps[JOINTS.index("head")]
    face = a["face_deltas"].astype(np.float64) @ head_map.T
    tris = a["triangles"]
    return HumanBody(positions=positions.astype(np.float32), normals=vertex_normals(positions, tris),
                     triangles=tris, part=a["part"], bone_index=a["bone_index"],
                     bone_weight=weight.astype(np.float32), rest_heads=rest_heads,
                     face_vertices=a["face_vertices"], face_deltas=face.astype(np.float32),
                     a_pose=mesh.astype(np.float32), lips=a["lips"].astype(np.float32),
                     brows=a["brows"].astype(np.float32))


def _garment_weights(mesh: np.ndarray, part: np.ndarray, index: np.ndarray, weight: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The skirt takes the skin weights of the body under it (its nearest body vertex), so it moves
    as a shell over the thigh it covers instead of by hm08's own looser skirt weights, which let a
    striding leg out through it."""
    skirt = part == PART_NAMES.index("skirt")
    skin = np.nonzero(part == PART_NAMES.index("body"))[0]
    if skirt.any():
        _, nearest = cKDTree(mesh[skin]).query(mesh[skirt])
        index, weight = index.copy(), weight.copy()
        index[skirt], weight[skirt] = index[skin[nearest]], weight[skin[nearest]]
    return index, weight


def clustered_proxy(positions: np.ndarray, triangles: np.ndarray, part: np.ndarray, bone_index: np.ndarray,
                    bone_weight: np.ndarray, cell_m: float) -> tuple[np.ndarray, np.ndarray]:
    """A decimated copy of a mesh by vertex clustering (Rossignac & Borrel 1993): vertices that share
    a grid cell of cell_m, their part and their strongest bone merge into the member nearest the
    cell's mean, so limbs touching in the bind pose stay apart, teeth never stand in for lips, and
    every kept vertex is one of the mesh's own (its skinning unchanged). Returns the kept vertices (K,)
    ascending and the triangles over them (T', 3) int32, in the mesh's order and winding, without the
    collapsed ones."""
    dominant = bone_index[np.arange(len(bone_index)), np.argmax(bone_weight, axis=1)].astype(np.int64)
    cells = np.floor(positions / cell_m).astype(np.int64)
    _, cluster = np.unique(np.column_stack([cells, dominant, part]), axis=0, return_inverse=True)
    cluster = cluster.reshape(-1)
    n = cluster.max() + 1
    mean = np.stack([np.bincount(cluster, positions[:, k], n) for k in range(3)], axis=1) / np.bincount(cluster)[:, None]
    gap = np.linalg.norm(positions - mean[cluster], axis=1)
    order = np.lexsort((np.arange(len(positions)), gap, cluster))   # per cluster: nearest, then lowest index
    first = np.ones(len(order), bool)
    first[1:] = cluster[order[1:]] != cluster[order[:-1]]
    representative = np.empty(n, np.int64)
    representative[cluster[order[first]]] = order[first]
    merged = representative[cluster][triangles]
    kept = (merged[:, 0] != merged[:, 1]) & (merged[:, 1] != merged[:, 2]) & (merged[:, 0] != merged[:, 2])
    merged = merged[kept]
    _, unique_rows = np.unique(np.sort(merged, axis=1), axis=0, return_index=True)
    merged = merged[np.sort(unique_rows)]
    keep = np.unique(merged)
    return keep, np.searchsorted(keep, merged).astype(np.int32)


def vertex_normals(positions: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals (V, 3) float32."""
    p = positions[triangles]
    n = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    corners = triangles.reshape(-1)
    out = np.stack([np.bincount(corners, weights=np.repeat(n[:, k], 3), minlength=len(positions))
                    for k in range(3)], axis=1)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-12
    return out.astype(np.float32)
