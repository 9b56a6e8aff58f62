"""Triangle soups for the world: boxes, cylinders, cones, spheres, quads; and the capsule template.

A vertex is 10 float32: position (3), normal (3), linear colour (3), material id (1).
"""

from __future__ import annotations

import numpy as np

VERTEX_FLOATS = 10  # layout: position 3, normal 3, colour 3, material 1


def _pack(pos: np.ndarray, normal: np.ndarray, color, material: int) -> np.ndarray:
    out = np.empty((len(pos), VERTEX_FLOATS), dtype="f4")
    out[:, 0:3], out[:, 3:6] = pos, normal
    out[:, 6:9] = color
    out[:, 9] = material
    return out


def _yaw_matrix(yaw: float) -> np.ndarray:
    # yaw about +Y, the same sense as headings: yaw h turns +X towards −Z
    c, s = np.cos(yaw), np.sin(yaw)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


_BOX_FACES = [  # normal, two in-plane axes
    ((1, 0, 0), (0, 1, 0), (0, 0, 1)), ((-1, 0, 0), (0, 0, 1), (0, 1, 0)),
    ((0, 1, 0), (0, 0, 1), (1, 0, 0)), ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
    ((0, 0, 1), (1, 0, 0), (0, 1, 0)), ((0, 0, -1), (0, 1, 0), (1, 0, 0)),
]


def box(center, size, color, material: int, yaw: float = 0.0, faces: tuple[int, ...] = (0, 1, 2, 3, 4, 5)
        ) -> np.ndarray:
    """An axis-aligned box (then turned by yaw) centred at `center` with full extents `size`."""
    half = np.asarray(size, float) / 2
    rot = _yaw_matrix(yaw)
    pos, nrm = [], []
    for i in faces:
        n, u, v = (np.array(x, float) for x in _BOX_FACES[i])
        corners = [n + s * u + t * v for s, t in ((-1, -1), (1, -1), (1, 1), (-1, -1), (1, 1), (-1, 1))]
        pos.extend(np.array(corners) * half)
        nrm.extend([n] * 6)
    pos = np.array(pos) @ rot.T + np.asarray(center, float)
    return _pack(pos, np.array(nrm) @ rot.T, color, material)


def quad(center, u, v, color, material: int) -> np.ndarray:
    """A rectangle spanning ±u, ±v about center, facing u × v."""
    c, u, v = (np.asarray(x, float) for x in (center, u, v))
    n = np.cross(u, v)
    n /= np.linalg.norm(n)
    pos = np.array([c - u - v, c + u - v, c + u + v, c - u - v, c + u + v, c - u + v])
    return _pack(pos, np.tile(n, (6, 1)), color, material)


def _ring(radius: float, segments: int) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    return np.stack([np.cos(t), np.zeros_like(t), np.sin(t)], axis=1) * radius


def frustum(base, top, r_base: float, r_top: float, color, material: int, segments: int = 12,
            cap: bool = True) -> np.ndarray:
    """A cylinder or cone (r_top = 0) between two points."""
    base, top = np.asarray(base, float), np.asarray(top, float)
    axis = top - base
    length = np.linalg.norm(axis)
    y = axis / length
    x = np.cross(y, [0.0, 0.0, 1.0]) if abs(y[2]) < 0.9 else np.cross(y, [1.0, 0.0, 0.0])
    x /= np.linalg.norm(x)
    z = np.cross(x, y)
    frame = np.stack([x, y, z])  # rows: local axes in world
    unit = _ring(1.0, segments)
    slope = (r_base - r_top) / length
    pos, nrm = [], []
    for i in range(segments):
        j = (i + 1) % segments
        a0, a1 = unit[i] * r_base, unit[j] * r_base
        b0, b1 = unit[i] * r_top + [0, length, 0], unit[j] * r_top + [0, length, 0]
        n0 = unit[i] + [0, slope, 0]
        n1 = unit[j] + [0, slope, 0]
        pos += [a0, a1, b1, a0, b1, b0]
        nrm += [n0, n1, n1, n0, n1, n0]
        if cap:  # both ends: a wheel or a log shows either face
            pos += [np.array([0, length, 0]), b1, b0, np.zeros(3), a0, a1]
            nrm += [np.array([0, 1.0, 0])] * 3 + [np.array([0, -1.0, 0])] * 3
    pos = np.array(pos) @ frame + base
    nrm = np.array(nrm, float)
    nrm /= np.linalg.norm(nrm, axis=1, keepdims=True)
    return _pack(pos, nrm @ frame, color, material)


def sphere(center, radius, color, material: int, rings: int = 8, segments: int = 12,
           scale=(1.0, 1.0, 1.0)) -> np.ndarray:
    """A (possibly squashed) UV sphere."""
    d = _sphere_directions(rings, segments)
    s = np.asarray(scale, float)
    n = d / s
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    return _pack(d * radius * s + np.asarray(center, float), n, color, material)


def _sphere_directions(rings: int, segments: int) -> np.ndarray:
    """Triangle-list directions of a UV sphere."""
    theta = np.linspace(0, np.pi, rings + 1)
    phi = np.linspace(0, 2 * np.pi, segments + 1)
    grid = np.stack([np.sin(theta)[:, None] * np.cos(phi), np.cos(theta)[:, None] * np.ones_like(phi),
                     np.sin(theta)[:, None] * np.sin(phi)], axis=-1)
    tris = []
    for i in range(rings):
        for j in range(segments):
            a, b, c, d = grid[i, j], grid[i, j + 1], grid[i + 1, j + 1], grid[i + 1, j]
            tris += [a, c, b, a, d, c]
    return np.array(tris)


def capsule_template(rings: int = 10, segments: int = 16) -> np.ndarray:
    """(N, 4): unit direction and end (0 = a, 1 = b) of a capsule's triangle list.

    A UV sphere split at its equator: the upper half rides end b, the lower end a, and the
    equator's duplicated ring stretches into the cylinder between them.
    """
    rings += rings % 2
    theta = np.linspace(0, np.pi, rings + 1)
    theta = np.concatenate([theta[: rings // 2 + 1], theta[rings // 2:]])  # equator twice
    end = np.concatenate([np.ones(rings // 2 + 1), np.zeros(rings // 2 + 1)])
    phi = np.linspace(0, 2 * np.pi, segments + 1)
    grid = np.stack([np.sin(theta)[:, None] * np.cos(phi), np.cos(theta)[:, None] * np.ones_like(phi),
                     np.sin(theta)[:, None] * np.sin(phi), end[:, None] * np.ones_like(phi)], axis=-1)
    tris = []
    for i in range(len(theta) - 1):
        for j in range(segments):
            a, b, c, d = grid[i, j], grid[i, j + 1], grid[i + 1, j + 1], grid[i + 1, j]
            tris += [a, b, c, a, c, d]
    return np.array(tris, dtype="f4")
