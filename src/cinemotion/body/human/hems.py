"""Hems as mesh edges: a body cut along the half-way line of a per-vertex cover field, so that a
garment's edge (a neckline, a sleeve, a hairline) is a crisp line across the triangles instead of
the colour blend over hm08's 2–5 cm triangles that vertex colours give (a sawtooth where the line
crosses long, thin ones).

Each triangle the line crosses is split along it (one triangle on the lone corner's side, two on
the other); each crossing point becomes two vertices at the same place with the same skinning,
one on each side, so the surface stays closed in every pose while the colour on either side is
its own.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cinemotion.body.human.model import HumanBody

LEVEL = 0.5  # the hem: where the field crosses half-way
BELOW = LEVEL - 1e-4  # a field value left on the line by an earlier cut counts on the uncovered side


def cut_along(body: HumanBody, fields: np.ndarray, k: int, nested: tuple[int, ...] = ()
              ) -> tuple[HumanBody, np.ndarray]:
    """The body cut along field k's line, and the fields (F, V) on its vertices: interpolated at the
    new ones, field k set to 1 and 0 on the covered and the uncovered copies, and the `nested`
    fields (covers that contain field k's) to 1 on the covered copies. Only the skin is cut: the
    helpers (eyes, skirt, …) are one colour each, and the contact response spreads over a skirt's
    mesh neighbours, which would pull a cut's two sides apart."""
    f = fields[k]
    tri = body.triangles.astype(np.int64)
    above = f[tri] > LEVEL
    lone_up = above.sum(axis=1) == 1
    crossed = (lone_up | (above.sum(axis=1) == 2)) & (body.part[tri] == 0).all(axis=1)
    if not crossed.any():
        return body, fields
    t_cross = tri[crossed]
    up = above[crossed]
    # the lone corner first, the triangle's winding kept
    lone = np.where(lone_up[crossed][:, None], up, ~up).argmax(axis=1)
    order = (lone[:, None] + np.arange(3)) % 3
    a, b, c = (np.take_along_axis(t_cross, order[:, [i]], axis=1)[:, 0] for i in range(3))
    edges = np.concatenate([np.sort(np.stack([a, b], 1), axis=1), np.sort(np.stack([a, c], 1), axis=1)])
    unique, inverse = np.unique(edges, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    i, j = unique[:, 0], unique[:, 1]
    t = (LEVEL - f[i]) / (f[j] - f[i])
    n_old, n_new = len(body.positions), len(unique)
    # new vertices: n_old + e on the covered side, n_old + n_new + e on the uncovered side
    covered = n_old + np.arange(n_new)
    bare = covered + n_new
    ab, ac = inverse[:len(a)], inverse[len(a):]
    lone_is_up = lone_up[crossed]
    ab_lone = np.where(lone_is_up, covered[ab], bare[ab])
    ac_lone = np.where(lone_is_up, covered[ac], bare[ac])
    ab_pair = np.where(lone_is_up, bare[ab], covered[ab])
    ac_pair = np.where(lone_is_up, bare[ac], covered[ac])
    new_tris = np.concatenate([np.stack([a, ab_lone, ac_lone], 1), np.stack([ab_pair, b, c], 1),
                               np.stack([ab_pair, c, ac_pair], 1)])
    triangles = np.concatenate([tri[~crossed], new_tris]).astype(np.int32)

    def lerp(values: np.ndarray) -> np.ndarray:
        v = values.astype(np.float64)
        shape = (-1,) + (1,) * (v.ndim - 1)
        mid = v[i] * (1 - t.reshape(shape)) + v[j] * t.reshape(shape)
        return np.concatenate([v, mid, mid]).astype(values.dtype)

    normals = lerp(body.normals)
    normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
    new_fields = lerp(fields.T).T
    new_fields[k, covered], new_fields[k, bare] = 1.0, 0.0
    for m in nested:
        new_fields[m, covered] = 1.0
    on_line = np.zeros(new_fields.shape[1], bool)
    on_line[n_old:] = True
    new_fields[:, on_line] = np.where(np.abs(new_fields[:, on_line] - LEVEL) < 1e-6, BELOW, new_fields[:, on_line])
    bone_index, bone_weight = _blended_weights(body, i, j, t)
    face_vertices, face_deltas = _blended_face(body, i, j, t, n_old, n_new)
    return replace(body, positions=lerp(body.positions), normals=normals.astype(np.float32), triangles=triangles,
                   part=np.concatenate([body.part, body.part[i], body.part[i]]),
                   bone_index=bone_index, bone_weight=bone_weight, a_pose=lerp(body.a_pose),
                   lips=lerp(body.lips), brows=lerp(body.brows), face_vertices=face_vertices,
                   face_deltas=face_deltas), new_fields


def _blended_weights(body: HumanBody, i: np.ndarray, j: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The new vertices' four strongest bones of their edge ends' blended weights, renormalised
    (both copies of a crossing point the same, so they skin to the same place)."""
    n_bones = int(body.bone_index.max()) + 1
    dense = np.zeros((len(i), n_bones))
    rows = np.arange(len(i))[:, None]
    np.add.at(dense, (rows, body.bone_index[i].astype(np.int64)), body.bone_weight[i] * (1 - t)[:, None])
    np.add.at(dense, (rows, body.bone_index[j].astype(np.int64)), body.bone_weight[j] * t[:, None])
    index = np.argsort(-dense, axis=1, kind="stable")[:, :4]
    weight = np.take_along_axis(dense, index, axis=1)
    weight /= weight.sum(axis=1, keepdims=True)
    index = index.astype(body.bone_index.dtype)
    weight = weight.astype(body.bone_weight.dtype)
    return np.concatenate([body.bone_index, index, index]), np.concatenate([body.bone_weight, weight, weight])


def _blended_face(body: HumanBody, i: np.ndarray, j: np.ndarray, t: np.ndarray, n_old: int, n_new: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The face units' deltas on the new vertices whose edge touches the face (a missing end: no delta)."""
    row = np.full(n_old, -1)
    row[body.face_vertices] = np.arange(len(body.face_vertices))
    touches = np.nonzero((row[i] >= 0) | (row[j] >= 0))[0]
    if not len(touches):
        return body.face_vertices, body.face_deltas
    deltas = body.face_deltas
    padded = np.concatenate([deltas, np.zeros((len(deltas), 1, 3), deltas.dtype)], axis=1)  # row -1: none
    mid = (padded[:, row[i[touches]]] * (1 - t[touches])[None, :, None]
           + padded[:, row[j[touches]]] * t[touches][None, :, None]).astype(deltas.dtype)
    vertices = np.concatenate([body.face_vertices, n_old + touches, n_old + n_new + touches])
    return vertices.astype(body.face_vertices.dtype), np.concatenate([deltas, mid, mid], axis=1)
