"""Which body region each vertex of the fitted body belongs to (the garment table's region names:
torso, shoulder, upper_arm_top, …), from the bone that carries it most and how far along it is."""

from __future__ import annotations

import numpy as np

from cinemotion.body.human.model import HumanBody, bone_names, human_table

HEM_FROM, HEM_TO = 0.45, 0.55  # the hem's ramp in the covered share of the skin weights


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
    them, sharpened around one half so a hem is a narrow, smooth edge along the blend of the bones
    (where the dominant bone alone would step from triangle to triangle)."""
    inside = np.isin(influence_regions(body), list(regions))
    share = (body.bone_weight * inside).sum(axis=1)
    t = np.clip((share - HEM_FROM) / (HEM_TO - HEM_FROM), 0.0, 1.0)
    return t * t * (3 - 2 * t)


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
