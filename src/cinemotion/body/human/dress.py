"""How a character is dressed on the human body: which body region each vertex belongs to (the
garment table's region names: torso, shoulder, upper_arm_top, …), where each garment covers it,
and how far the garment's shell stands off the skin (body/human/garments.yaml).

Garments are shells: the covered regions of the body surface pushed out along their normals by
the garment's thickness, so cloth and skin are one surface; a skirt or dress adds hm08's skirt
helper over the legs, and the body it covers stays where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import sparse

from cinemotion.body.human.model import PART_NAMES, HumanBody, bone_names, human_table
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
    shell: np.ndarray   # (V,) metres each vertex stands off the skin (garments and scalp hair)


def dress(body: HumanBody, character: Character) -> Dressing:
    """The garments' cover and shells on this body, from the inside out."""
    g = garment_table()
    top, bottom = garment_names(character)
    slots = (("shoes", "shoes", g["shoes"]), ("bottom", bottom, g["bottom"][bottom]), ("top", top, g["top"][top]))
    skin_part, skirt_part = body.part == 0, body.part == PART_NAMES.index("skirt")
    shell = np.zeros(len(body.positions))
    layers = []
    for k, (slot, name, own) in enumerate(slots):
        # each layer's colour reaches on under the ones over it (no skin where their hems meet)
        over = [r for *_, covers in slots[k + 1:] for r in covers]
        cover = coverage(body, own + over)
        layers.append(Layer(slot, name, cover))
        thickness = g["shell_mm"].get(name, g["shell_mm"]["default"]) / 1000.0
        # the shell only where the garment itself is; a skirt or dress hangs as the skirt helper
        body_shell = 0.0 if name in SKIRTS else coverage(body, own) * thickness
        shell[skin_part] = np.maximum(shell, body_shell)[skin_part]
        if slot != "shoes":
            shell[skirt_part & (cover > 0)] = thickness
    hair = np.zeros(len(body.positions))
    if character.hair_style != "bald":
        hair = scalp(body, vertex_regions(body))
        shell += hair * human_table()["scalp"]["shell_mm"] / 1000.0
    return Dressing(layers=tuple(layers), scalp=hair, shell=shell)


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
