"""How a character is dressed on the human body: which body region each vertex belongs to (the
garment table's region names: torso, shoulder, upper_arm_top, …), where each garment covers it,
and how far the garment's shell stands off the skin (body/human/garments.yaml).

Garments are shells: the covered regions of the body surface pushed out along their normals by
the garment's thickness, so cloth and skin are one surface, cut along each hem so its edge is
crisp (body/human/hems.py); a skirt or dress adds hm08's skirt helper over the legs, and the body
it covers stays where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from scipy import sparse

from cinemotion.body.human.hems import LEVEL, cut_along
from cinemotion.body.human.model import PART_NAMES, HumanBody, bone_names, human_table, vertex_normals
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.spec.models import Character


class DressFigures(Figures):
    hem_blur_m: Figure[float]
    split_ramp_m: Figure[float]


FIGURES = load_table("body/human/dress.yaml", DressFigures)
SKIRTS = ("skirt", "dress")


@cache
def garment_table() -> dict:
    return load_table("body/human/garments.yaml")


def wears_skirt(character: Character) -> bool:
    return character.clothing.bottom.lower() == "skirt" or character.clothing.top.lower() == "dress"


def garment_names(character: Character) -> tuple[str, str]:
    """The (top, bottom) garments worn: the spec's, or the table's defaults for ones it doesn't list."""
    g = garment_table()
    top, bottom = character.clothing.top.lower(), character.clothing.bottom.lower()
    return (top if top in g["top"] else g["default_top"], bottom if bottom in g["bottom"] else g["default_bottom"])


@dataclass(frozen=True)
class Layer:
    slot: str           # "shoes", "bottom" or "top", from the skin out
    name: str           # the garment ("jeans"); "shoes" for the shoes
    cover: np.ndarray   # (V,) 0..1 where its colour shows: its regions and on under the layers above


@dataclass(frozen=True)
class Dressing:
    layers: tuple[Layer, ...]
    scalp: np.ndarray   # (V,) 0..1 hair cover of the head (0 everywhere when bald)
    sole: np.ndarray    # (V,) 1 on the shoes' soles: the shoe's band along the ground
    brows: np.ndarray   # (V,) 1 on the brows: their shape cut into the skin, so their edge is a curve
    shell: np.ndarray   # (V,) metres each vertex stands off the skin (garments and scalp hair)


def dress(body: HumanBody, character: Character) -> tuple[HumanBody, Dressing]:
    """The body cut along its hems (body/human/hems.py) and the garments' cover and shells on it,
    from the inside out."""
    g = garment_table()
    top, bottom = garment_names(character)
    slots = (("shoes", "shoes", g["shoes"]), ("bottom", bottom, g["bottom"][bottom]), ("top", top, g["top"][top]))
    # each layer's colour reaches on under the ones over it (no skin where their hems meet); the
    # top's edges round the neck (and a sleeveless top's round the arms) are its openings, not
    # where the bones' weights change
    kinds = g["openings_of"].get(top, g["openings_of"]["default"])
    opened = [r for kind in kinds for r in g["openings"][kind]["regions"]]
    # (the least of the fields: each edge stays where its own field crosses half-way)
    holes = np.min([opening(body, g["openings"][kind]) for kind in kinds], axis=0)
    blur = surface_blur(body, FIGURES.hem_blur_m.value)
    covers = [np.minimum(coverage(body, blur, own + [r for *_, over in slots[k + 1:] for r in over] + opened), holes)
              for k, (*_, own) in enumerate(slots)]
    owns = [coverage(body, blur, own) for *_, own in slots[:-1]]
    owns.append(np.minimum(coverage(body, blur, slots[-1][2] + opened), holes))
    head = (vertex_regions(body) == "head") & (body.part == 0)
    line = hairline(body, head)
    hair = scalp(body, head, line) if character.hair_style != "bald" else np.zeros(len(body.positions))
    body = shod(body, owns[0], g["shoe_smoothing"])
    # the sole: the shoe below `sole_m` above the foot's lowest point
    feet = np.isin(vertex_regions(body), g["shoes"]) & (body.part == 0)
    y = body.positions[:, 1]
    sole = owns[0] * np.clip((y[feet].min() + g["sole_m"] - y) / g["sole_edge_m"] + 0.5, 0.0, 1.0)
    n = len(slots)
    fields = np.array(covers + owns + [hair, sole, brow_shape(body),
                       hair * hair_volume(body, character.hair_style, line)])  # the last: never cut
    # the outermost layer's hems first: a cover holds the ones over it, so the covered side of a
    # cut is inside the layers under it too
    for k in reversed(range(n)):
        body, fields = cut_along(body, fields, k, nested=tuple(range(k)))
    for k in (2 * n, 2 * n + 1, 2 * n + 2):   # the hairline, the sole's edge, the brows' outline
        body, fields = cut_along(body, fields, k)
    # colours change at the cuts; shells follow the fields as they were, so both sides of a cut
    # stay at one place
    covers, owns = fields[:n] > LEVEL, fields[n:2 * n]
    hair, sole, brows = fields[2 * n:2 * n + 3] > LEVEL
    skin_part, skirt_part = body.part == 0, body.part == PART_NAMES.index("skirt")
    shell = np.zeros(len(body.positions))
    layers = []
    for (slot, name, _), cover, own in zip(slots, covers, owns):
        layers.append(Layer(slot, name, cover.astype(float)))
        thickness = g["shell_mm"].get(name, g["shell_mm"]["default"]) / 1000.0
        # the shell only where the garment itself is; a skirt or dress hangs as the skirt helper
        body_shell = 0.0 if name in SKIRTS else own * thickness
        shell[skin_part] = np.maximum(shell, body_shell)[skin_part]
        if slot != "shoes":
            shell[skirt_part & (own > 0)] = thickness
    shell += fields[-1]
    return body, Dressing(layers=tuple(layers), scalp=hair.astype(float), shell=shell, sole=sole.astype(float),
                          brows=brows.astype(float))


def _bone_rules(body: HumanBody):
    """Per bone that carries vertices: (the (V, 4) slots it fills, its human.yaml region rule, and
    for a split rule each vertex's t along the bone, from its joint (0) to the named joint (1))."""
    names = bone_names()
    table = human_table()["regions"]
    index = body.bone_index.astype(int)
    for b, name in enumerate(names):
        mask = index == b
        if not mask.any():
            continue
        key = name.removeprefix("left_").removeprefix("right_").rstrip("123")
        key = "spine" if key.startswith("spine") else key
        rule = table.get(key, "skin")
        if isinstance(rule, str):
            yield mask, rule, None, None
            continue
        # split along the bone, from its joint to its child's: {split: t, before: region, after: region}
        child = names.index(name.replace(key, rule["towards"]))
        axis = body.rest_heads[child] - body.rest_heads[b]
        t = (body.positions - body.rest_heads[b]) @ axis / (axis @ axis)
        yield mask, rule, np.broadcast_to(t[:, None], index.shape)[mask], float(np.linalg.norm(axis))


def influence_regions(body: HumanBody) -> np.ndarray:
    """(V, 4) the region each of a vertex's four bones puts it in (object array of str)."""
    out = np.full(body.bone_index.shape, "skin", dtype=object)
    for mask, rule, t, _ in _bone_rules(body):
        out[mask] = rule if t is None else np.where(t < rule["split"], rule["before"], rule["after"])
    return out


def membership(body: HumanBody, regions: list[str]) -> np.ndarray:
    """(V, 4) 0..1 how far each of a vertex's four bones puts it in these regions: all or nothing
    by its bone's region, but across a split a ramp `split_ramp_m` wide along the bone, so the
    share of a garment's weights falls smoothly there and its hem is a plane across the limb,
    not the vertices' steps."""
    out = np.zeros(body.bone_index.shape)
    for mask, rule, t, length in _bone_rules(body):
        if t is None:
            out[mask] = float(rule in regions)
            continue
        ramp = np.clip((t - rule["split"]) * length / FIGURES.split_ramp_m.value + 0.5, 0.0, 1.0)
        out[mask] = float(rule["before"] in regions) * (1 - ramp) + float(rule["after"] in regions) * ramp
    return out


def vertex_regions(body: HumanBody) -> np.ndarray:
    """(V,) the region of the bone that carries each vertex most."""
    main = np.argmax(body.bone_weight, axis=1)
    return influence_regions(body)[np.arange(len(main)), main]


def coverage(body: HumanBody, blur: sparse.csr_matrix, regions: tuple[str, ...] | list[str]) -> np.ndarray:
    """(V,) 0..1 how much a garment over these regions covers each vertex: its bones' weights in
    them, blurred over the surface (`blur`: hm08's weights change from vertex to vertex in steps and
    stars where bones blend, and its shoulders' vertices lie 1-5 cm apart). The hem is where it
    crosses half-way (hems.py cuts the mesh there): a field that changes gradually from vertex to
    vertex, so the line interpolated across each triangle runs smooth, not from edge to edge."""
    return np.clip(blur @ (body.bone_weight * membership(body, list(regions))).sum(axis=1), 0.0, 1.0)


def surface_blur(body: HumanBody, sigma_m: float) -> sparse.csr_matrix:
    """(V, V) a Gaussian blur of per-vertex values over the body's skin: each skin vertex the
    area-weighted mean of the skin within 3 sigma, weighted exp(-d²/2σ²), measured in hm08's A-pose
    (arms and legs apart, so an arm never blurs into the torso beside it); the helpers' vertices
    keep their own. Unlike averaging mesh neighbours, it reaches as far on sparse triangles as on
    dense ones."""
    from scipy.spatial import cKDTree

    p = body.a_pose.astype(np.float64)
    tri = body.triangles
    area = np.linalg.norm(np.cross(p[tri[:, 1]] - p[tri[:, 0]], p[tri[:, 2]] - p[tri[:, 0]]), axis=1) / 6.0
    vertex_area = np.bincount(tri.ravel(), np.repeat(area, 3), minlength=len(p)) + 1e-12
    skin = np.nonzero(body.part == 0)[0]
    tree = cKDTree(p[skin])
    d = tree.sparse_distance_matrix(tree, 3 * sigma_m, output_type="coo_matrix")  # (d = 0 left out)
    rows = np.concatenate([skin[d.row], np.arange(len(p))])
    cols = np.concatenate([skin[d.col], np.arange(len(p))])
    vals = np.concatenate([np.exp(-d.data ** 2 / (2 * sigma_m ** 2)), np.ones(len(p))]) * vertex_area[cols]
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(p),) * 2)
    return sparse.diags(1.0 / np.asarray(m.sum(axis=1)).ravel()) @ m


def neighbour_average(triangles: np.ndarray, n: int) -> sparse.csr_matrix:
    """(n, n) the averaging over each vertex and its triangle neighbours, rows summing to 1."""
    a, b = triangles[:, [0, 1, 2, 0, 1, 2]].ravel(), triangles[:, [1, 2, 0, 2, 0, 1]].ravel()
    rows, cols = np.concatenate([a, np.arange(n)]), np.concatenate([b, np.arange(n)])
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    m.data[:] = 1.0  # a neighbour shared by two triangles counts once
    return sparse.diags(1.0 / np.asarray(m.sum(axis=1)).ravel()) @ m


def shod(body: HumanBody, shoe: np.ndarray, smoothing: int) -> HumanBody:
    """The body with its feet, where the shoes cover them, made a closed shoe: each toe's vertices
    moved out along their normals onto the convex hull of that foot's toes (the toe box: the clefts
    between the toes closed over), then Taubin's λ|μ smoothing (Taubin 1995, "A signal processing
    approach to fair surface design", SIGGRAPH; λ 0.5, μ −0.53: a low-pass that keeps the volume)
    `smoothing` times, blending the toe box into the foot; the normals follow the new shape."""
    from scipy.spatial import ConvexHull

    p = body.positions.astype(np.float64)
    names = bone_names()
    main = body.bone_index[np.arange(len(p)), np.argmax(body.bone_weight, axis=1)]
    for side in ("left", "right"):
        toes = np.nonzero((main == names.index(f"{side}_foot")) & (shoe > 0.5) & (body.part == 0))[0]
        if len(toes) < 4:
            continue
        hull = ConvexHull(p[toes])
        normal, offset = hull.equations[:, :3], hull.equations[:, 3]   # inside: normal · x + offset <= 0
        u = body.normals[toes].astype(np.float64)
        inside = -(p[toes] @ normal.T + offset)                          # (T, facets) >= 0
        along = u @ normal.T
        reach = np.where(along > 1e-6, inside / np.maximum(along, 1e-6), np.inf).min(axis=1)
        p[toes] += u * np.where(np.isfinite(reach), reach, 0.0)[:, None]
    step = neighbour_average(body.triangles, len(p))
    w = shoe[:, None]
    for _ in range(smoothing):
        for factor in (0.5, -0.53):
            p = p + w * factor * (step @ p - p)
    normals = np.where(w > 0, vertex_normals(p, body.triangles), body.normals)
    return replace(body, positions=p.astype(np.float32), normals=normals.astype(np.float32))


def opening(body: HumanBody, spec: dict) -> np.ndarray:
    """(V,) 0..1 outside a top's opening (garments.yaml `openings`): an ellipsoid round a joint
    (both sides' for a limb's), its radii in the neck joint's height, deeper in front than at the
    back and reaching higher than lower, so the opening meets the body in one smooth curve where the body widens out of it; 0
    inside, 1 beyond `edge` of its radius."""
    names = bone_names()
    unit = body.rest_heads[names.index("neck"), 1]
    joints = [spec["joint"]] if spec["joint"] in names else [f"{side}_{spec['joint']}" for side in ("left", "right")]
    out = np.ones(len(body.positions))
    for joint in joints:
        d = body.positions - body.rest_heads[names.index(joint)]
        depth = np.where(d[:, 2] > 0, spec["front"], spec["back"]) * unit
        height = np.where(d[:, 1] > 0, spec["rise"], spec["drop"]) * unit
        radius = np.sqrt((d[:, 0] / (spec["half_width"] * unit)) ** 2 + (d[:, 1] / height) ** 2 + (d[:, 2] / depth) ** 2)
        out = np.minimum(out, np.clip((radius - 1.0) / spec["edge"] + 0.5, 0.0, 1.0))
    return out


def hair_volume(body: HumanBody, style: str, line: np.ndarray) -> np.ndarray:
    """(V,) metres the scalp hair stands off the head (human.yaml `scalp`): its style's thickness
    at the hairline, building to its thickness at the crown over `crown_rise_m` above the hairline
    (`line`, each vertex's), less on the sides, so the head reads as hair with volume rather than
    a painted cap (a rise measured from the eyes left the sides over the ears a 5 mm shell)."""
    spec = human_table()["scalp"]
    edge, crown = np.array(spec["shell_mm"].get(style, spec["shell_mm"]["default"])) / 1000.0
    t = np.clip((body.positions[:, 1] - line) / spec["crown_rise_m"], 0.0, 1.0)
    # cut longer on top: where the head faces sideways the build-up is `side_share` of the crown's
    upward = np.clip(body.normals[:, 1], 0.0, 1.0)
    volume = edge + (crown - edge) * t * t * (3 - 2 * t) * (spec["side_share"] + (1 - spec["side_share"]) * upward)
    # clumps: the volume varies by `clumps` of itself over locks `lock_m` across, so the outline
    # is hair's, not a smooth shell's
    return volume * (1.0 + spec["clumps"].get(style, spec["clumps"]["default"]) * locks(body.positions, spec["lock_m"]))


def locks(points: np.ndarray, size_m: float) -> np.ndarray:
    """(N,) a smooth, fixed pattern in -1..1 over space with features ~size_m across: the mean of
    sine waves along the six axes of an icosahedron, their phases a golden angle apart (pure: the
    same points, the same pattern)."""
    g = (1 + 5 ** 0.5) / 2
    axes = np.array([[0, 1, g], [0, -1, g], [1, g, 0], [-1, g, 0], [g, 0, 1], [-g, 0, 1]]) / np.sqrt(1 + g * g)
    phases = np.arange(len(axes)) * np.pi * (3 - 5 ** 0.5)
    waves = np.sin(2 * np.pi * (points @ axes.T) / (2 * size_m) + phases)
    return np.clip(waves.mean(axis=1) * np.sqrt(len(axes)) / np.sqrt(2), -1.0, 1.0)


def brow_shape(body: HumanBody) -> np.ndarray:
    """(V,) a field half-way on each brow's outline (human.yaml `brow`): a band over the eye from
    the inner to the outer end of the body's brow mask, its lower edge there at the mask's lowest,
    rising by `arch_m` to its peak `arch_at` of the way out, `head_m` tall at the inner end thinning
    to `tail_m` at the tail. The mask itself (where the brow units move the skin most, hm08's
    vertices ~6 mm apart) is a blotch 2 cm tall: painted, each brow read as a blocky patch."""
    spec = human_table()["brow"]
    p = body.positions
    names = bone_names()
    out = np.zeros(len(p))
    mask = (body.brows > 0.5) & (body.part == 0)
    for eye in ("left_eye", "right_eye"):
        side = np.sign(body.rest_heads[names.index(eye), 0])
        mine = mask & (side * p[:, 0] > 0)
        x = side * p[:, 0]
        inner, outer, low = x[mine].min(), x[mine].max(), p[mine, 1].min()
        s = np.clip((x - inner) / (outer - inner), 0.0, 1.0)
        arch = np.sin(np.pi * s ** (np.log(0.5) / np.log(spec["arch_at"])))   # 1 at arch_at, 0 at the ends
        half = (spec["head_m"] + (spec["tail_m"] - spec["head_m"]) * s) / 2
        centre = low + spec["arch_m"] * arch + half
        across = 1.0 - 0.5 * np.abs(p[:, 1] - centre) / half                 # 1 on its midline, 0.5 on its edge
        along = 0.5 + np.minimum(x - inner, outer - x) / (2 * half)          # 0.5 at its ends
        front = p[:, 2] > p[mine, 2].min() - spec["head_m"]                  # the brow's side of the head
        out = np.maximum(out, np.clip(np.minimum(across, along), 0.0, 1.0) * front * (side * p[:, 0] > 0))
    return out * (body.part == 0)


def hairline(body: HumanBody, head: np.ndarray) -> np.ndarray:
    """(V,) the hairline's height at each vertex (human.yaml `scalp`): from `front_above_eyes_m`
    above the eyes at the brow to `back_below_eyes_m` below them at the nape, by the vertex's depth
    over the head (`head`: its skin), wandering by `hairline_wander_m` with the locks."""
    spec = human_table()["scalp"]
    names = bone_names()
    eyes = body.rest_heads[[names.index("left_eye"), names.index("right_eye")], 1].mean()
    z = body.positions[:, 2]
    front, back = z[head].max(), z[head].min()
    t = np.clip((z - back) / (front - back), 0.0, 1.0)  # 0 at the back of the head, 1 at the face
    line = eyes + spec["front_above_eyes_m"] * t - spec["back_below_eyes_m"] * (1 - t)
    return line + spec["hairline_wander_m"] * locks(body.positions, spec["lock_m"])  # a hairline's irregular edge


def scalp(body: HumanBody, head: np.ndarray, line: np.ndarray) -> np.ndarray:
    """(V,) 0..1 hair cover of the head's skin (`head`): half-way on the hairline (`line`) and
    round the ears, changing over `fade_m` across it, gradually enough that the cut along it
    (hems.py) runs smooth across the triangles."""
    spec = human_table()["scalp"]
    cover = np.clip((body.positions[:, 1] - line) / spec["fade_m"] + 0.5, 0.0, 1.0)
    return head * np.minimum(cover, ear_clearance(body, head, spec))


def ear_clearance(body: HumanBody, head: np.ndarray, spec: dict) -> np.ndarray:
    """(V,) 0 over each ear, half-way `ear_clear_m` out from it and 1 beyond another half of that
    (human.yaml `scalp`), so the hair's edge runs round the ear, not across it, and its shell is
    nothing on the ear. The straight
    line from brow to nape crossed the top of the ear, and the ear's shell stood out behind it as a
    knob (docs/stills/speaking_closeup.png). Each ear is found as the head's skin that stands
    furthest out to its side (`ear_share` of it): the box of those vertices in height and depth."""
    p = body.positions
    out = np.ones(len(p))
    for side in (1.0, -1.0):
        mine = head & (side * p[:, 0] > 0)
        out_x = side * p[:, 0]
        ear = mine & (out_x >= np.quantile(out_x[mine], 1.0 - spec["ear_share"]))
        lo, hi = p[ear][:, 1:].min(axis=0), p[ear][:, 1:].max(axis=0)
        centre, half = (lo + hi) / 2, (hi - lo) / 2 + spec["ear_clear_m"]
        # how far outside the ellipse round the ear (height, depth), in metres along its smaller axis
        reach = (np.linalg.norm((p[:, 1:] - centre) / half, axis=1) - 1.0) * half.min()
        out = np.where(mine, np.minimum(out, np.clip(reach / spec["ear_clear_m"] + 0.5, 0.0, 1.0)), out)
    return out
