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
    hem_ramp: Figure[tuple[float, float]]
    hem_smoothing: Figure[int]


FIGURES = load_table("body/human/dress.yaml", DressFigures)
HEM_FROM, HEM_TO = FIGURES.hem_ramp.value  # in the covered share of skin weights
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
    shell: np.ndarray   # (V,) metres each vertex stands off the skin (garments and scalp hair)


def dress(body: HumanBody, character: Character) -> tuple[HumanBody, Dressing]:
    """The body cut along its hems (body/human/hems.py) and the garments' cover and shells on it,
    from the inside out."""
    g = garment_table()
    top, bottom = garment_names(character)
    slots = (("shoes", "shoes", g["shoes"]), ("bottom", bottom, g["bottom"][bottom]), ("top", top, g["top"][top]))
    # each layer's colour reaches on under the ones over it (no skin where their hems meet); the
    # top's edge round the neck is its neckline, not where the neck bone's weights begin
    neck = neckline(body, g["necklines"][g["neckline"].get(top, "crew")])
    covers = [coverage(body, own + [r for *_, over in slots[k + 1:] for r in over] + ["neck"]) * neck
              for k, (*_, own) in enumerate(slots)]
    owns = [coverage(body, own) for *_, own in slots[:-1]] + [coverage(body, slots[-1][2] + ["neck"]) * neck]
    hair = scalp(body, vertex_regions(body)) if character.hair_style != "bald" else np.zeros(len(body.positions))
    body = shod(body, owns[0], g["shoe_smoothing"])
    # the sole: the shoe below `sole_m` above the foot's lowest point
    feet = np.isin(vertex_regions(body), g["shoes"]) & (body.part == 0)
    y = body.positions[:, 1]
    sole = owns[0] * np.clip((y[feet].min() + g["sole_m"] - y) / g["sole_edge_m"] + 0.5, 0.0, 1.0)
    fields = np.array(covers + owns + [hair, sole])
    # the outermost layer's hems first: a cover holds the ones over it, so the covered side of a
    # cut is inside the layers under it too
    for k in reversed(range(len(slots))):
        body, fields = cut_along(body, fields, k, nested=tuple(range(k)))
    for k in (len(fields) - 2, len(fields) - 1):
        body, fields = cut_along(body, fields, k)
    covers, owns = (fields[:len(slots)] > LEVEL).astype(float), fields[len(slots):-2]
    hair, sole = fields[-2] > LEVEL, fields[-1] > LEVEL
    skin_part, skirt_part = body.part == 0, body.part == PART_NAMES.index("skirt")
    shell = np.zeros(len(body.positions))
    layers = []
    for (slot, name, _), cover, own in zip(slots, covers, owns):
        layers.append(Layer(slot, name, cover))
        thickness = g["shell_mm"].get(name, g["shell_mm"]["default"]) / 1000.0
        # the shell only where the garment itself is; a skirt or dress hangs as the skirt helper
        body_shell = 0.0 if name in SKIRTS else own * thickness
        shell[skin_part] = np.maximum(shell, body_shell)[skin_part]
        if slot != "shoes":
            shell[skirt_part & (cover > 0)] = thickness
    shell += hair * human_table()["scalp"]["shell_mm"] / 1000.0
    return body, Dressing(layers=tuple(layers), scalp=hair.astype(float), shell=shell, sole=sole.astype(float))


def influence_regions(body: HumanBody) -> np.ndarray:
    """(V, 4) the region each of a vertex's four bones puts it in (object array of str)."""
    names = bone_names()
    table = human_table()["regions"]
    index = body.bone_index.astype(int)
    out = np.full(index.shape, "skin", dtype=object)
    for b, name in enumerate(names):
        mask = index == b
        if not mask.any():
            continue
        key = name.removeprefix("left_").removeprefix("right_").rstrip("123")
        key = "spine" if key.startswith("spine") else key
        rule = table.get(key, "skin")
        if isinstance(rule, str):
            out[mask] = rule
            continue
        # split along the bone, from its joint to its child's: {split: t, before: region, after: region}
        child = names.index(name.replace(key, rule["towards"]))
        axis = body.rest_heads[child] - body.rest_heads[b]
        t = (body.positions - body.rest_heads[b]) @ axis / (axis @ axis)
        t = np.broadcast_to(t[:, None], index.shape)[mask]
        out[mask] = np.where(t < rule["split"], rule["before"], rule["after"])
    return out


def vertex_regions(body: HumanBody) -> np.ndarray:
    """(V,) the region of the bone that carries each vertex most."""
    main = np.argmax(body.bone_weight, axis=1)
    return influence_regions(body)[np.arange(len(main)), main]


def coverage(body: HumanBody, regions: tuple[str, ...] | list[str]) -> np.ndarray:
    """(V,) 0..1 how much a garment over these regions covers each vertex: its bones' weights in
    them, averaged over the mesh neighbours `hem_smoothing` times (hm08's weights change from
    vertex to vertex in steps and stars where bones blend, so a hem along them would be ragged),
    then sharpened around one half so a hem is a narrow, smooth edge."""
    inside = np.isin(influence_regions(body), list(regions))
    share = smoothed(body, (body.bone_weight * inside).sum(axis=1), FIGURES.hem_smoothing.value)
    t = np.clip((share - HEM_FROM) / (HEM_TO - HEM_FROM), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def smoothed(body: HumanBody, values: np.ndarray, passes: int) -> np.ndarray:
    """Per-vertex values averaged with their mesh neighbours' (each vertex and the vertices it
    shares a triangle with, equally) `passes` times: a field over the surface without its
    vertex-to-vertex steps."""
    out = np.asarray(values, float)
    if passes == 0:
        return out
    step = neighbour_average(body.triangles, len(body.positions))
    for _ in range(passes):
        out = step @ out
    return out


def neighbour_average(triangles: np.ndarray, n: int) -> sparse.csr_matrix:
    """(n, n) the averaging over each vertex and its triangle neighbours, rows summing to 1."""
    a, b = triangles[:, [0, 1, 2, 0, 1, 2]].ravel(), triangles[:, [1, 2, 0, 2, 0, 1]].ravel()
    rows, cols = np.concatenate([a, np.arange(n)]), np.concatenate([b, np.arange(n)])
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    m.data[:] = 1.0  # a neighbour shared by two triangles counts once
    return sparse.diags(1.0 / np.asarray(m.sum(axis=1)).ravel()) @ m


def shod(body: HumanBody, shoe: np.ndarray, passes: int) -> HumanBody:
    """The body with its feet, where the shoes cover them, smoothed into a closed shoe: Taubin's
    λ|μ smoothing (Taubin 1995, "A signal processing approach to fair surface design", SIGGRAPH;
    λ 0.5, μ −0.53: a low-pass that keeps the volume) `passes` times, so the toes merge into a toe
    box instead of showing through a painted foot; the normals follow the new shape."""
    step = neighbour_average(body.triangles, len(body.positions))
    p = body.positions.astype(np.float64)
    w = shoe[:, None]
    for _ in range(passes):
        for factor in (0.5, -0.53):
            p = p + w * factor * (step @ p - p)
    normals = np.where(w > 0, vertex_normals(p, body.triangles), body.normals)
    return replace(body, positions=p.astype(np.float32), normals=normals.astype(np.float32))


def neckline(body: HumanBody, spec: dict) -> np.ndarray:
    """(V,) 0..1 outside a top's neck opening: an ellipsoid round the neck joint (garments.yaml
    `necklines`, in the neck joint's height), deeper in front than at the back, so the opening
    meets the body where the shoulders and chest widen out of the neck in one smooth curve; 0
    inside, 1 beyond `edge` of its radius."""
    neck = body.rest_heads[bone_names().index("neck")]
    unit = neck[1]
    d = body.positions - neck
    depth = np.where(d[:, 2] > 0, spec["front"], spec["back"]) * unit
    radius = np.sqrt((d[:, 0] / (spec["half_width"] * unit)) ** 2 + (d[:, 1] / (spec["drop"] * unit)) ** 2
                     + (d[:, 2] / depth) ** 2)
    return np.clip((radius - 1.0) / spec["edge"] + 0.5, 0.0, 1.0)


def scalp(body: HumanBody, regions: np.ndarray) -> np.ndarray:
    """(V,) 0..1 hair cover of the head's skin: 1 above the hairline (human.yaml `scalp`), fading to
    0 over `fade_m` below it, so the hairline is a soft edge rather than the mesh's triangle steps."""
    spec = human_table()["scalp"]
    names = bone_names()
    eyes = body.rest_heads[[names.index("left_eye"), names.index("right_eye")]]
    head = (regions == "head") & (body.part == 0)
    z = body.positions[:, 2]
    front, back = z[head].max(), z[head].min()
    t = np.clip((z - back) / (front - back), 0.0, 1.0)  # 0 at the back of the head, 1 at the face
    line = eyes[:, 1].mean() + spec["front_above_eyes_m"] * t - spec["back_below_eyes_m"] * (1 - t)
    return head * np.clip((body.positions[:, 1] - line) / spec["fade_m"] + 1.0, 0.0, 1.0)
