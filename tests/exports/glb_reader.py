"""A GLB replayed as a glTF reader plays it, from pygltflib's parse: the accessors (sparse ones
too), each node's animated transform, the joint matrices times the inverse bind matrices, the
morph targets by the animated weights and linear blend skinning (glTF 2.0, "Skins" and "Morph
Targets"). Independent of the writer's own arithmetic, so a test of one checks the other."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygltflib
from scipy.spatial.transform import Rotation

DTYPES = {5126: np.float32, 5125: np.uint32, 5123: np.uint16, 5121: np.uint8}
WIDTHS = {"SCALAR": 1, "VEC3": 3, "VEC4": 4, "MAT4": 16}


class GlbReplay:
    def __init__(self, path: Path):
        self.gltf = pygltflib.GLTF2().load(str(path))
        self.blob = self.gltf.binary_blob()
        animation = self.gltf.animations[0]
        self.tracks = {(c.target.node, c.target.path): self.read(animation.samplers[c.sampler].output)
                       for c in animation.channels}
        self.times = self.read(animation.samplers[0].input)
        self.mesh_node = next(n for n, node in enumerate(self.gltf.nodes) if node.mesh is not None)
        primitive = self.gltf.meshes[0].primitives[0]
        self.positions = self.read(primitive.attributes.POSITION).astype(np.float64)
        self.drawn = np.unique(self.read(primitive.indices))  # the vertices a triangle draws
        self.targets = [self.read(t["POSITION"]) for t in primitive.targets]
        self.joints = self.read(primitive.attributes.JOINTS_0).astype(np.intp)
        self.weights = self.read(primitive.attributes.WEIGHTS_0).astype(np.float64)
        skin = self.gltf.skins[0]
        self.skin_joints = skin.joints
        self.inverse_bind = self.read(skin.inverseBindMatrices).reshape(-1, 4, 4).transpose(0, 2, 1)  # column-major
        self.parent = {c: p for p, node in enumerate(self.gltf.nodes) for c in (node.children or [])}

    def _view(self, view: int, dtype, count: int, offset: int = 0) -> np.ndarray:
        v = self.gltf.bufferViews[view]
        return np.frombuffer(self.blob, dtype, count, v.byteOffset + offset)

    def read(self, index: int) -> np.ndarray:
        """An accessor's elements, (count,) or (count, width); a sparse one's zeros filled in."""
        acc = self.gltf.accessors[index]
        width = WIDTHS[acc.type]
        dtype = DTYPES[acc.componentType]
        if acc.bufferView is not None:
            data = self._view(acc.bufferView, dtype, acc.count * width, acc.byteOffset or 0).copy()
        else:
            data = np.zeros(acc.count * width, dtype)
        if acc.sparse is not None:
            s = acc.sparse
            at = self._view(s.indices.bufferView, DTYPES[s.indices.componentType], s.count, s.indices.byteOffset or 0)
            values = self._view(s.values.bufferView, dtype, s.count * width, s.values.byteOffset or 0)
            data = data.reshape(acc.count, width)
            data[at.astype(np.intp)] = values.reshape(-1, width)
        return data.reshape(acc.count, width) if width > 1 else data.reshape(-1)

    @property
    def frames(self) -> int:
        return len(self.times)

    def node_world(self, f: int) -> tuple[dict, dict]:
        """Each node's world rotation and position at key f (nodes carry no scale here)."""
        rot, pos = {}, {}
        for n, node in enumerate(self.gltf.nodes):  # parents are listed before their children
            t = self.tracks.get((n, "translation"))
            q = self.tracks.get((n, "rotation"))
            local_t = np.array(node.translation or [0.0, 0.0, 0.0]) if t is None else t[f].astype(np.float64)
            local_r = Rotation.from_quat(node.rotation or [0.0, 0.0, 0.0, 1.0]) if q is None else Rotation.from_quat(q[f])
            if n in self.parent:
                p = self.parent[n]
                rot[n], pos[n] = rot[p] * local_r, pos[p] + rot[p].apply(local_t)
            else:
                rot[n], pos[n] = local_r, local_t
        return rot, pos

    def morph_weights(self, f: int) -> np.ndarray:
        return self.tracks[(self.mesh_node, "weights")].reshape(self.frames, -1)[f].astype(np.float64)

    def mesh_at(self, f: int, weights: np.ndarray | None = None) -> np.ndarray:
        """(V, 3) the skinned mesh at key f, morphed by the animated weights (or `weights`)."""
        w = self.morph_weights(f) if weights is None else weights
        bind = self.positions.copy()
        for k in np.flatnonzero(w):
            bind += w[k] * self.targets[k]
        rot, pos = self.node_world(f)
        joint = np.zeros((len(self.skin_joints), 4, 4))
        for j, n in enumerate(self.skin_joints):
            world = np.eye(4)
            world[:3, :3], world[:3, 3] = rot[n].as_matrix(), pos[n]
            joint[j] = world @ self.inverse_bind[j]
        blend = np.einsum("vk,vkij->vij", self.weights, joint[self.joints])
        return np.einsum("vij,vj->vi", blend[:, :3, :3], bind) + blend[:, :3, 3]

    def joint_positions(self, f: int) -> np.ndarray:
        """(J, 3) the skin's joints' world positions at key f."""
        _, pos = self.node_world(f)
        return np.array([pos[n] for n in self.skin_joints])
