"""How deep one part of a posed body passes into another (an arm into the torso, one leg into the
other, a leg out through the skirt), and the contact response that keeps them apart.

Both sample the mesh: each vertex of one part against its nearest vertices of the other and their
outward normals, taken from the posed triangles (where skinning folds the skin, as in a raised
arm's armpit, the folded surface is what the check and the response see). The response
(`separate_parts`) pushes the offending part's vertices out along those normals, the push spread
over a few rings of neighbours so a pressed arm flattens against the side instead of creasing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from cinemotion.body.human.dress import vertex_regions
from cinemotion.body.human.model import PART_NAMES, HumanBody, vertex_normals
from cinemotion.core.tables import Figure, Figures, load_table


class ContactResponseFigures(Figures):
    near_m: Figure[float]
    seam_m: Figure[float]
    clearance_m: Figure[float]


FIGURES = load_table("body/human/contact.yaml", ContactResponseFigures)
NEAR_M = FIGURES.near_m.value  # only surfaces this close count (beyond, the nearest vertex may be on a far side)
AGREE = 4  # method setting: the nearest surface vertices that vote on a point's side
# the junction band left out: skin this close to the other part in the A-pose folds into it by
# design where a joint bends (the armpit as the arm hangs, the inner thighs), not by a limb passing
SEAM_M = FIGURES.seam_m.value
ARM = ("upper_arm_top", "upper_arm_low", "forearm", "hand")
LEG = ("thigh_top", "thigh_low", "shin", "foot")
TRUNK = ("torso", "hips")
PAIRS = (("left_arm", "trunk"), ("right_arm", "trunk"), ("left_leg", "right_leg"), ("right_leg", "left_leg"))
SURFACES = ("trunk", "left_leg", "right_leg", "skirt")  # what the response measures against
# the response: pushed this far clear of the other surface (touching surfaces don't flicker through
# each other in the depth test), in at most this many passes (a push reshapes the folds it is
# measured against: a raised arm's armpit took six), spread over this many rings of mesh neighbours
CLEARANCE_M = FIGURES.clearance_m.value
SETTLED_M = 0.0005  # solver tolerance: a point this close to its clearance needs no further push
PASSES = 8  # solver setting
SPREAD_RINGS = 3  # solver setting


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


def contact_groups(body: HumanBody, skirt: bool) -> dict:
    """The groups both the check and the response compare, for a body with or without its skirt."""
    return seam_free(body, body.a_pose, part_groups(body, skirt))


def _nearest(points: np.ndarray, surface: np.ndarray, tree: cKDTree | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Which points have AGREE surface vertices within NEAR_M (bool (P,)), and those vertices' indices
    (`tree`: the surface's, if built)."""
    if not len(points) or len(surface) < AGREE:
        return np.zeros(len(points), bool), np.zeros((0, AGREE), int)
    dist, idx = (cKDTree(surface) if tree is None else tree).query(points, k=AGREE, distance_upper_bound=NEAR_M)
    near = np.isfinite(dist).all(axis=1)
    return near, idx[near]


def _depths(points: np.ndarray, surface: np.ndarray, normals: np.ndarray) -> np.ndarray:
    """How far each point (P, 3) lies behind the surface near it (negative: in front): the least
    depth over its AGREE nearest surface vertices (P, AGREE, 3) and their normals (one vertex's
    normal alone misreads a point beside a convex edge, like the top of the shoulder)."""
    return np.einsum("pkj,pkj->pk", surface - points[:, None], normals).min(axis=1)


def _deepest(points: np.ndarray, surface: np.ndarray, normals: np.ndarray, tree: cKDTree | None = None) -> float:
    near, idx = _nearest(points, surface, tree)
    return float(max(0.0, _depths(points[near], surface[idx], normals[idx]).max(initial=0.0)))


def measured_triangles(body: HumanBody, groups: dict) -> np.ndarray:
    """The body's triangles around the surfaces penetration_depth measures against, in order: the
    normals of those surfaces summed over these alone are the whole mesh's, bit for bit."""
    measured = np.zeros(len(body.positions), bool)
    measured[np.concatenate([groups[b] for _, b in PAIRS] + [groups["skirt"]])] = True
    return body.triangles[measured[body.triangles].any(axis=1)]


def penetration_depth(body: HumanBody, posed: np.ndarray, groups: dict, triangles: np.ndarray | None = None) -> float:
    """The deepest penetration (m) between the checked parts of one posed frame (V, 3); `groups`
    from contact_groups. Of `posed` only the groups' rows are read, and the corners of `triangles`
    (measured_triangles, for the surfaces' normals; the whole mesh's when None)."""
    normals = vertex_normals(posed, body.triangles if triangles is None else triangles)
    surfaces = {b: posed[groups[b]] for _, b in PAIRS}
    trees = {b: cKDTree(s) for b, s in surfaces.items() if len(s) >= AGREE}  # one each: both arms meet the trunk
    depth = 0.0
    for a, b in PAIRS:
        depth = max(depth, _deepest(posed[groups[(a, b)]], surfaces[b], normals[groups[b]], trees.get(b)))
    if len(groups.get("skirt", ())):  # a leg in front of the skirt's outer surface is through it
        depth = max(depth, _deepest(posed[groups["legs_under_skirt"]], posed[groups["skirt"]],
                                    -normals[groups["skirt"]]))
    return depth


@dataclass(frozen=True)
class Separation:
    """What the contact response needs of one body, built once: its groups, each vertex's drawn
    triangles (for vertex normals of the surfaces measured against, where they are needed), and
    per moved part the averaging over mesh neighbours that spreads a push."""

    groups: dict
    vertices: np.ndarray       # (n,) ascending: every vertex the response reads (parts, surfaces, their triangles)
    triangles: np.ndarray      # the drawn triangles around the surfaces that are measured against
    corners: np.ndarray        # (V, D) each vertex's triangles among them, -1 past its last
    spread: dict               # part name → (n, n) sparse row-stochastic neighbour averaging within the part

    def normals(self, positions: np.ndarray, vertices: np.ndarray) -> np.ndarray:
        """Area-weighted vertex normals (..., 3), as model.vertex_normals, at the vertices (...) of
        the measured surfaces: a frame's response needs them only where points come near."""
        around = self.corners[vertices]                        # (..., D)
        p = positions[self.triangles[np.maximum(around, 0)]]   # (..., D, 3 corners, 3)
        e1, e2 = p[..., 1, :] - p[..., 0, :], p[..., 2, :] - p[..., 0, :]
        n = np.stack([e1[..., 1] * e2[..., 2] - e1[..., 2] * e2[..., 1], e1[..., 2] * e2[..., 0] - e1[..., 0] * e2[..., 2],
                      e1[..., 0] * e2[..., 1] - e1[..., 1] * e2[..., 0]], axis=-1)
        out = np.where((around >= 0)[..., None], n, 0.0).sum(axis=-2)
        return out / (np.linalg.norm(out, axis=-1, keepdims=True) + 1e-12)


def separation(body: HumanBody, skirt: bool, triangles: np.ndarray) -> Separation:
    groups = contact_groups(body, skirt)
    n = len(body.positions)
    surfaces = np.zeros(n, bool)
    surfaces[np.concatenate([groups[k] for k in SURFACES])] = True
    edges = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
    triangles = triangles[surfaces[triangles].any(axis=1)]
    # each vertex's triangles, in order, padded with -1 to the most any vertex has
    corner = triangles.reshape(-1)
    order = np.argsort(corner, kind="stable")
    counts = np.bincount(corner, minlength=n)
    rank = np.arange(len(corner)) - np.repeat(np.cumsum(counts) - counts, counts)
    corners = np.full((n, counts.max()), -1, np.int64)
    corners[corner[order], rank] = order // 3
    ring = sparse.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    ring = ((ring + ring.T + sparse.identity(n)) > 0).astype(np.float64)
    spread = {}
    for name in ("left_arm", "right_arm", "left_leg", "right_leg", "skirt"):
        idx = groups[name]
        if len(idx):
            local = ring[idx][:, idx]
            spread[name] = sparse.diags(1.0 / np.asarray(local.sum(axis=1)).ravel()) @ local
    read = np.concatenate([triangles.reshape(-1)] + [v for v in groups.values()])
    return Separation(groups=groups, vertices=np.unique(read), triangles=triangles, corners=corners, spread=spread)


def separate_parts(sep: Separation, world: np.ndarray) -> np.ndarray:
    """(V, 3) world displacements that take each checked part out of the other, CLEARANCE_M clear:
    an arm out of the trunk, each leg half-way out of the other, the skirt out over the legs.
    Of the posed mesh `world` (V, 3) only the rows of sep.vertices are read.

    Each pass measures again, with the surface's normals of the moment (a push changes the folds
    it is measured against), among the points that were near the surface at all before it."""
    g = sep.groups
    moved = np.zeros_like(world)
    legs = {"left_leg", "right_leg"}
    # (moved part, the checked points, the surface they must not pass, the share of the depth the
    # checked points move, the parts whose moves change what it finds); a skirt rule instead moves
    # the surface: the skirt's vertices nearest a leg in front of it go out along their own normals
    rules = [("left_arm", g[("left_arm", "trunk")], "trunk", 1.0, {"left_arm"}),
             ("right_arm", g[("right_arm", "trunk")], "trunk", 1.0, {"right_arm"}),
             ("left_leg", g[("left_leg", "right_leg")], "right_leg", 0.5, legs),
             ("right_leg", g[("right_leg", "left_leg")], "left_leg", 0.5, legs)]
    if len(g["skirt"]):
        rules.append(("skirt", g["legs_under_skirt"], "skirt", None, legs | {"skirt"}))
    trees: dict = {}  # one per surface (both arms leave the trunk), until its vertices move

    def nearest(points: np.ndarray, surface: str, k: int):
        if surface not in trees:
            trees[surface] = cKDTree(now[g[surface]], balanced_tree=False, compact_nodes=False)  # quicker to build, as exact
        return trees[surface].query(points, k=k, distance_upper_bound=2 * NEAR_M)

    now = world
    found = []
    for part, checked, surface, share, depends in rules:
        # the candidates: points with any surface vertex within twice the reach (none outside the
        # surface's box grown by it); found with the nearest vertex alone, then their AGREE nearest
        around, points = now[g[surface]], now[checked]
        inside = np.all((points >= around.min(axis=0) - 2 * NEAR_M) & (points <= around.max(axis=0) + 2 * NEAR_M), axis=1)
        if not inside.any():
            continue
        close = checked[inside][np.isfinite(nearest(points[inside], surface, 1)[0])]
        if len(close):
            found.append((part, close, surface, share, depends, nearest(now[close], surface, AGREE)))
    pushed = {part for part, *_ in found}
    for k in range(PASSES):
        if not pushed:
            break
        if k:
            now = world + moved
            for part in pushed:
                trees.pop(part, None)
        last, pushed = pushed, set()
        for part, candidates, surface, share, depends, first in found:
            if not depends & last:  # nothing it depends on moved: it would find what it found
                continue
            dist, idx = first if k == 0 else nearest(now[candidates], surface, AGREE)
            near = (dist < NEAR_M).all(axis=1)
            checked, ring = candidates[near], g[surface][idx[near]]  # ring: (n, AGREE) the vertices measured against
            carried = share is None
            normals = sep.normals(now, ring)
            # the skirt is passed from outside: its normals turned in
            depth = _depths(now[checked], now[ring], -normals if carried else normals)
            hit = depth > SETTLED_M - CLEARANCE_M
            if not hit.any():
                continue
            push = np.zeros((len(g[part]), 3))
            if carried:
                amount = np.zeros(len(g[surface]))
                np.maximum.at(amount, idx[near][hit].reshape(-1), np.repeat(depth[hit] + CLEARANCE_M, AGREE))
                out = np.nonzero(amount)[0]
                push[out] = sep.normals(now, g[surface][out]) * amount[out, None]
            else:
                at = np.searchsorted(g[part], checked[hit])
                outward = normals[hit].mean(axis=1)
                outward /= np.linalg.norm(outward, axis=1, keepdims=True) + 1e-12
                push[at] = outward * (share * (depth[hit] + CLEARANCE_M))[:, None]
            spread = push
            for _ in range(SPREAD_RINGS):
                spread = sep.spread[part] @ spread
            # the spread falls off around each push; where it is less than the push, the push holds
            keep = np.linalg.norm(spread, axis=1) < np.linalg.norm(push, axis=1)
            spread[keep] = push[keep]
            moved[g[part]] += spread
            pushed.add(part)
    return moved
