"""How deep one part of a posed body passes into another: an arm into the torso, one leg into the
other, a leg out through the skirt. Sampled on the mesh: each vertex of one part against the nearest
vertex of the other and that vertex's outward normal."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from cinemotion.body.human.dress import vertex_regions
from cinemotion.body.human.model import PART_NAMES, HumanBody, vertex_normals

NEAR_M = 0.04  # only surfaces this close count (beyond, the nearest vertex may be on a far side)
AGREE = 4
# the junction band left out: skin this close to the other part in the A-pose folds into it by
# design where a joint bends (the armpit as the arm hangs, the inner thighs), not by a limb passing
SEAM_M = 0.06
ARM = ("upper_arm_top", "upper_arm_low", "forearm", "hand")
LEG = ("thigh_top", "thigh_low", "shin", "foot")
TRUNK = ("torso", "hips")
PAIRS = (("left_arm", "trunk"), ("right_arm", "trunk"), ("left_leg", "right_leg"), ("right_leg", "left_leg"))


def part_groups(body: HumanBody, skirt: bool = False) -> dict[str, np.ndarray]:
    """Vertex indices of the parts the check compares (left = +X); the skirt's when worn."""
    regions = vertex_regions(body)
    part = np.array(PART_NAMES)[body.part]
    skin = part == "body"
    left = body.positions[:, 0] > 0
    groups = {"trunk": skin & np.isin(regions, TRUNK)}
    for side, mask in (("left", left), ("right", ~left)):
        groups[f"{side}_arm"] = skin & np.isin(regions, ARM) & mask
        groups[f"{side}_leg"] = skin & np.isin(regions, LEG) & mask
    groups["skirt"] = (part == "skirt") & skirt
    if skirt:  # legs are checked against the skirt where it hangs over them
        top = body.positions[groups["skirt"], 1].max()
        bottom = body.positions[groups["skirt"], 1].min() + 0.03
        y = body.positions[:, 1]
        groups["legs_under_skirt"] = skin & np.isin(regions, LEG) & (y > bottom) & (y < top)
    return {k: np.nonzero(v)[0] for k, v in groups.items()}


def seam_free(body: HumanBody, unposed: np.ndarray, groups: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each pair's first part without the vertices where it joins the second (the armpit, the
    crotch): those within SEAM_M of it in hm08's own A-pose, where arms and legs stand apart."""
    out = dict(groups)
    for a, b in PAIRS:
        dist, _ = cKDTree(unposed[groups[b]]).query(unposed[groups[a]])
        out[(a, b)] = groups[a][dist > SEAM_M]
    return out


def _inside(points: np.ndarray, surface: np.ndarray, normals: np.ndarray, outside: bool = False) -> float:
    """The deepest of `points` behind (or, `outside`, in front of) the surface sampled by its
    vertices: a point counts only when it is behind all of its AGREE nearest surface vertices (one
    vertex's normal alone misreads a point beside a convex edge, like the top of the shoulder)."""
    if not len(points) or len(surface) < AGREE:
        return 0.0
    dist, idx = cKDTree(surface).query(points, k=AGREE, distance_upper_bound=NEAR_M)
    near = np.isfinite(dist).all(axis=1)
    if not near.any():
        return 0.0
    q, n = surface[idx[near]], normals[idx[near]]
    d = np.einsum("pkj,pkj->pk", q - points[near, None], n)
    d = (-d if outside else d).min(axis=1)
    return float(max(0.0, d.max()))


def penetration_depth(body: HumanBody, posed: np.ndarray, groups: dict) -> float:
    """The deepest penetration (m) between the checked parts of one posed frame (V, 3); `groups`
    from seam_free(part_groups(…))."""
    normals = vertex_normals(posed, body.triangles)
    depth = 0.0
    for a, b in PAIRS:
        depth = max(depth, _inside(posed[groups[(a, b)]], posed[groups[b]], normals[groups[b]]))
    if len(groups.get("skirt", ())):
        depth = max(depth, _inside(posed[groups["legs_under_skirt"]], posed[groups["skirt"]],
                                   normals[groups["skirt"]], outside=True))
    return depth
