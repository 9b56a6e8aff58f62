"""The set's static light, baked once per shot: a lightmap atlas over every triangle of the set.

The set never moves, nor do the key, the sky or the practicals, so what they put on it is computed
once when the shot starts (ShotRenderer._bake_lightmap, with lighting.glsl's own functions) and each
frame reads it back with one filtered lookup: the ambient hemisphere's, the fill's and the
practicals' diffuse light (rgb) and the set's own shadow of the key (alpha). What moves stays per
frame: the bodies' shadows, the actors' contact occlusion, specular and wet reflections.

Charts: the set is a triangle soup whose triangles come in pairs (mesh.py: box faces, quads,
cylinder sides and sphere cells are two triangles sharing a diagonal). Each such pair is one
rectangular chart of the atlas, its corners at the chart's corners; other triangles (cylinder caps)
get a chart each. Pairs larger than MAX_CHART_M near the camera's path are first cut in halves, so
the texel size can grow with the distance from it (the ground is 420 m across). Charts keep a
one-texel gutter that the bake's dilation fills, so filtered lookups at an edge read the edge's light.
"""

from __future__ import annotations

import numpy as np

from cinemotion.render.mesh import VERTEX_FLOATS

ATLAS_SIZE = 1536          # texels a side (RGBA16F: 18 MB)
ATLAS_FILL = 0.8           # share of the atlas the charts may take (shelf packing wastes some)
TEXEL_M = 0.04             # finest texel (m): a third of the set's shadow-map texel, so its PCF edge survives
NEAR_M = 6.0               # within this of the camera's path texels stay finest; beyond, they grow with distance
MAX_TEXEL_M = 4.0          # the coarsest (far skyline), before the atlas budget coarsens them all alike
MAX_CHART_M = 6.0          # quads larger than this (ground, road, facades) are split into smaller charts,
SPLIT_PER_M = 0.5          # or, away from the camera's path, larger than this share of their distance
MAX_CHART_TEXELS = 250     # and no chart spans more texels than this a side
LIGHTMAP_FLOATS = VERTEX_FLOATS + 2   # a set vertex and its lightmap coordinate


def chart_set(vertices: np.ndarray, cameras: np.ndarray) -> np.ndarray:
    """(N, LIGHTMAP_FLOATS): the set's vertices (split where needed) in their order (near to far), each
    with its coordinate in the packed atlas; cameras: (C, 3) positions along the camera's path."""
    quads, quad_keys, singles, single_keys = _pair_up(np.asarray(vertices, "f4"))
    quads, quad_keys = _split(quads, quad_keys, cameras)
    corners = np.concatenate([quads[:, [0, 1, 2, 5], :3], singles[:, [0, 1, 2, 2], :3]])
    extent_u = np.maximum(np.linalg.norm(corners[:, 1] - corners[:, 0], axis=1),
                          np.linalg.norm(corners[:, 2] - corners[:, 3], axis=1))
    extent_v = np.maximum(np.linalg.norm(corners[:, 3] - corners[:, 0], axis=1),
                          np.linalg.norm(corners[:, 2] - corners[:, 1], axis=1))
    dist = np.min(np.linalg.norm(corners.mean(axis=1)[:, None] - cameras[None], axis=2), axis=1)
    wanted = np.clip(TEXEL_M * np.maximum(1.0, dist / NEAR_M), TEXEL_M, MAX_TEXEL_M)
    budget = ATLAS_FILL * ATLAS_SIZE**2
    scale = 1.0
    for _ in range(16):   # coarsen every texel alike until the charts fit the atlas
        texel = wanted * scale
        w = np.clip(np.ceil(extent_u / texel), 1, MAX_CHART_TEXELS).astype(int)
        h = np.clip(np.ceil(extent_v / texel), 1, MAX_CHART_TEXELS).astype(int)
        need = float(np.sum((w + 2) * (h + 2)))
        origin = _shelf_pack(w + 2, h + 2) if need <= budget else None
        if origin is not None:
            break
        scale *= max(1.1, np.sqrt(need / budget))
    else:
        raise RuntimeError("the set's charts do not fit the lightmap atlas")
    x0, y0 = origin[:, 0] + 1.0, origin[:, 1] + 1.0
    x1, y1 = x0 + w, y0 + h
    uv = np.stack([np.stack([x0, y0], 1), np.stack([x1, y0], 1), np.stack([x1, y1], 1),
                   np.stack([x0, y1], 1)], axis=1) / ATLAS_SIZE           # chart corners a, b, c, d
    n = len(quads)
    triangles = np.concatenate([
        np.concatenate([quads, uv[:n][:, [0, 1, 2, 0, 2, 3]]], axis=2).reshape(-1, 3, LIGHTMAP_FLOATS),
        np.concatenate([singles, uv[n:][:, :3]], axis=2)])
    keys = np.concatenate([np.repeat(quad_keys, 2), single_keys])
    out = triangles[np.argsort(keys, kind="stable")].reshape(-1, LIGHTMAP_FLOATS)
    return np.ascontiguousarray(out, "f4")


def _pair_up(vertices: np.ndarray):
    """Split a triangle soup into quads (two triangles sharing a diagonal, rotated so that it runs
    from corner a to c: a b c, a c d) and the triangles left single; each with its triangle's index."""
    tri = vertices.reshape(-1, 3, VERTEX_FLOATS)
    n_pairs = len(tri) // 2
    pairs = tri[:n_pairs * 2].reshape(n_pairs, 6, VERTEX_FLOATS)
    pos = pairs[:, :, :3]

    def same(i, j):
        return np.all(np.abs(pos[:, i] - pos[:, j]) < 1e-6, axis=1)

    box_like = same(0, 3) & same(2, 4)          # a b c, a c d
    sphere_like = ~box_like & same(0, 3) & same(1, 5)   # a c b, a d c → c b a, c a d
    pairs = pairs.copy()
    pairs[sphere_like] = pairs[sphere_like][:, [1, 2, 0, 5, 3, 4]]
    quad = box_like | sphere_like
    keys = np.arange(n_pairs) * 2
    quads = pairs[quad]
    single_tris = pairs[~quad].reshape(-1, 3, VERTEX_FLOATS)
    single_keys = (keys[~quad][:, None] + [0, 1]).ravel()
    if len(tri) % 2:
        single_tris = np.concatenate([single_tris, tri[-1:]])
        single_keys = np.append(single_keys, len(tri) - 1)
    return quads, keys[quad], single_tris, single_keys


def _split(quads: np.ndarray, keys: np.ndarray, cameras: np.ndarray):
    """Quads cut in halves, across their longer side, while longer than MAX_CHART_M or, further
    from the camera's path, than SPLIT_PER_M of their distance (corners interpolated bilinearly)."""
    done, done_keys = [], []
    while len(quads):
        a, b, c, d = (quads[:, i] for i in (0, 1, 2, 5))
        along_u = np.maximum(np.linalg.norm(b[:, :3] - a[:, :3], axis=1), np.linalg.norm(c[:, :3] - d[:, :3], axis=1))
        along_v = np.maximum(np.linalg.norm(d[:, :3] - a[:, :3], axis=1), np.linalg.norm(c[:, :3] - b[:, :3], axis=1))
        size = np.maximum(along_u, along_v)
        centre = (a + b + c + d)[:, :3] / 4
        dist = np.min(np.linalg.norm(centre[:, None] - cameras[None], axis=2), axis=1) - size / 2
        big = size > np.maximum(MAX_CHART_M, SPLIT_PER_M * dist)
        done.append(quads[~big])
        done_keys.append(keys[~big])
        a, b, c, d, across_u = a[big], b[big], c[big], d[big], (along_u >= along_v)[big][:, None]
        mid_ab, mid_dc, mid_ad, mid_bc = (a + b) / 2, (d + c) / 2, (a + d) / 2, (b + c) / 2
        first = np.where(across_u[:, None], np.stack([a, mid_ab, mid_dc, d], 1), np.stack([a, b, mid_bc, mid_ad], 1))
        second = np.where(across_u[:, None], np.stack([mid_ab, b, c, mid_dc], 1), np.stack([mid_ad, mid_bc, c, d], 1))
        halves = np.concatenate([first, second])[:, [0, 1, 2, 0, 2, 3]]
        halves[:, :, 3:6] /= np.maximum(np.linalg.norm(halves[:, :, 3:6], axis=2, keepdims=True), 1e-9)
        quads, keys = halves.astype("f4"), np.concatenate([keys[big], keys[big]])
    keys = np.concatenate(done_keys)
    order = np.argsort(keys, kind="stable")
    return np.concatenate(done)[order], keys[order]


def _shelf_pack(w: np.ndarray, h: np.ndarray) -> np.ndarray | None:
    """Texel origins of rectangles packed in rows (tallest first) into the atlas, or None."""
    origin = np.zeros((len(w), 2), int)
    x = y = row = 0
    for i in np.argsort(-h, kind="stable"):
        if x + w[i] > ATLAS_SIZE:
            x, y = 0, y + row
            row = 0
        if y + h[i] > ATLAS_SIZE:
            return None
        origin[i] = x, y
        x += w[i]
        row = max(row, h[i])
    return origin
