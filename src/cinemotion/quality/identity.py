"""Identity consistency: does each character keep its colours, proportions and speed across shots?

    # 1. For sampled frames, split each actor's instance mask into body regions (nearest projected bone)
    # 2. Per character, shot and region: a palette (k-means in Lab: lit cloth, shaded cloth, skin, hair …)
    # 3. Across shots: each palette colour's ΔE to the nearest colour of the other shot's palette for the
    #    region; the largest, and a score (share of region pairs within tolerance)
    # 4. Bone lengths from the performed joints in every shot; speed across each cut

Regions, not the whole mask, are compared, and palettes, not means: a close-up shows a head and chest, a wide
shot a whole body, and a head is hair and skin in proportions that change with the angle; the colours should
match, not their mixture. The mask's rim (pixels blended with the background) is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import combinations

import numpy as np

from scipy.cluster.vq import kmeans2
from scipy.ndimage import binary_erosion

from cinemotion.core.tables import load_table
from cinemotion.core.color import delta_e, srgb_to_lab
from cinemotion.body.skeleton import J, PARENTS
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.motion.performance import Performance


@cache
def table() -> dict:
    return load_table("quality/identity.yaml")


def _bones(joints: np.ndarray, height_m: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Bone end points (B, 3) ×2 and each bone's region, the head drawn up to the crown."""
    starts, ends, names = [], [], []
    for region, pairs in table()["regions"].items():
        for a, b in pairs:
            end = joints[J[b]]
            if region == "head":
                up = joints[J["head"]] - joints[J["neck"]]
                end = end + up / max(np.linalg.norm(up), 1e-9) * table()["head_top_of_height"] * height_m
            starts.append(joints[J[a]])
            ends.append(end)
            names.append(region)
    return np.array(starts), np.array(ends), names


def label_regions(mask: np.ndarray, joints: np.ndarray, camera: CameraPath, frame: int,
                  height_m: float) -> dict[str, np.ndarray]:
    """Pixel coordinates (N, 2) (row, column) of the mask, grouped by the region of the nearest projected bone."""
    rows, cols = _eroded_pixels(mask)
    if not len(rows):
        return {}
    starts, ends, names = _bones(joints, height_m)
    a, za = camera.project(frame, starts)
    b, zb = camera.project(frame, ends)
    keep = (za > camera.near) & (zb > camera.near)
    if not keep.any():
        return {}
    a, b, names = a[keep], b[keep], [n for n, k in zip(names, keep) if k]
    nearest = _nearest_bone(np.stack([cols + 0.5, rows + 0.5], axis=1), a, b)
    # a pixel nearest a limb's bone that the frame shows only in small part (an arm below a close-up's edge) is
    # left out: the skin beside a shoulder is not the arm's colour (the trunk's pixels are the trunk's wherever)
    limb = np.array([n in table()["limb_regions"] for n in names])
    kept = ~limb[nearest] | (_share_in_view(a, b, mask.shape)[nearest] >= table()["bone_in_view_share"])
    regions = sorted(set(names))
    region_of = np.array([regions.index(n) for n in names])[nearest[kept]]
    rows, cols = rows[kept], cols[kept]
    return {regions[r]: np.stack([rows[region_of == r], cols[region_of == r]], axis=1)
            for r in np.flatnonzero(np.bincount(region_of))}


def _eroded_pixels(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero(binary_erosion(mask)), eroding only the mask's bounding box and a pixel round it (an actor
    covers a small part of most frames); outside the frame counts as background either way, so the same pixels."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if not len(rows):
        return rows, cols
    top, left = max(rows[0] - 1, 0), max(cols[0] - 1, 0)
    eroded_rows, eroded_cols = np.nonzero(binary_erosion(mask[top:rows[-1] + 2, left:cols[-1] + 2]))
    return eroded_rows + top, eroded_cols + left


def _nearest_bone(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per point (N, 2): the index of the nearest segment a→b (B, 2), the first of equals. Bone by bone over
    all the points: (N,) temporaries only (a 4K frame's runner is a million pixels), and 9 times less CPU than
    (N, B, 2) ones in chunks (a 1080p frame of two runners: 1.2 s → 0.13 s), the same arithmetic, so the same labels."""
    px, py = points[:, 0], points[:, 1]
    nearest = np.zeros(len(points), np.intp)
    best = np.full(len(points), np.inf)
    for k, ((ax, ay), (bx, by)) in enumerate(zip(a, b)):
        abx, aby = bx - ax, by - ay
        t = np.clip(((px - ax) * abx + (py - ay) * aby) / max(abx * abx + aby * aby, 1e-9), 0.0, 1.0)
        dx, dy = px - (ax + t * abx), py - (ay + t * aby)
        distance = np.sqrt(dx * dx + dy * dy)
        closer = distance < best
        nearest[closer] = k
        np.minimum(best, distance, out=best)
    return nearest


def _share_in_view(a: np.ndarray, b: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Per projected bone (B,): the share of its length inside the frame."""
    points = a[:, None] + np.linspace(0.0, 1.0, 9)[None, :, None] * (b - a)[:, None]
    return ((points[..., 0] >= 0) & (points[..., 0] < shape[1]) & (points[..., 1] >= 0)
            & (points[..., 1] < shape[0])).mean(axis=1)


def palette(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Lab colours (k, 3) of these pixels by k-means, the largest cluster first."""
    lab = srgb_to_lab(rgb)
    k = min(table()["palette_colours"], len(np.unique(lab.round(1), axis=0)))
    if k <= 1:
        return lab.mean(axis=0, keepdims=True)
    centres, labels = kmeans2(lab, k, minit="++", seed=rng)
    return centres[np.argsort(-np.bincount(labels, minlength=k))]


def palette_difference(a: np.ndarray, b: np.ndarray) -> float:
    """ΔE from each palette's dominant colour to the nearest colour of the other (the larger of the two).

    A shade that one view shows and the other does not (a lit flank, a shadowed back) is not a difference;
    a dominant colour with no counterpart is.
    """
    return float(max(delta_e(a[0], b).min(), delta_e(b[0], a).min()))


def bone_lengths(performance: Performance, actor: int) -> np.ndarray:
    """(F, 21) lengths of every bone (joint to parent) as performed."""
    joints = performance.actors[actor].joints
    return np.stack([np.linalg.norm(joints[:, j] - joints[:, p], axis=1) for j, p in enumerate(PARENTS) if p >= 0],
                    axis=1)


def _speeds_across_cuts(plan: Plan, performances: list[Performance], character: str) -> list[dict]:
    out = []
    for i in range(len(plan.shots) - 1):
        ends = []
        for k, perf in ((i, performances[i]), (i + 1, performances[i + 1])):
            idx = [a for a, m in enumerate(perf.actors) if m.character_id == character]
            if not idx:
                break
            root = perf.actors[idx[0]].root[:, [0, 2]]
            window = max(int(round(perf.fps * 0.25)), 1)  # a quarter second: one step, not one frame's sway
            edge = root[-window - 1:] if k == i else root[:window + 1]
            ends.append(float(np.linalg.norm(edge[-1] - edge[0]) * perf.fps / (len(edge) - 1)))
        if len(ends) == 2:
            out.append({"cut": f"{plan.shots[i].shot_id}->{plan.shots[i + 1].shot_id}",
                        "speed_before_mps": round(ends[0], 3), "speed_after_mps": round(ends[1], 3),
                        "jump_mps": round(abs(ends[1] - ends[0]), 3)})
    return out


def identity_samples(shot: ShotPlan, performance: Performance, camera: CameraPath, frame: int, rgb: np.ndarray,
                     instance: np.ndarray | None) -> dict[tuple[str, str], np.ndarray]:
    """One rendered frame's pixels the meter keeps, (character id, region) → (N, 3) uint8 RGB: none but on
    the sampled frames (samples_per_second) of a render with instance ids (at the frame's size).
    Pure: a render worker takes them from its own frames (media/controls.py)."""
    t = table()
    stride = max(int(round(shot.fps / t["samples_per_second"])), 1)
    if frame % stride or instance is None:
        return {}
    samples = {}
    for k, placed in enumerate(shot.actors):
        regions = label_regions(instance == k + 1, performance.actors[k].joints[frame], camera, frame,
                                placed.character.height_m)
        for region, rc in regions.items():
            step = max(1, len(rc) // t["max_pixels_per_region"])  # evenly thinned: k-means needs no more
            rc = rc[::step]
            samples[(placed.character.id, region)] = rgb[rc[:, 0], rc[:, 1]]
    return samples


class IdentityMeter:
    """Collects region colours from rendered frames as they stream past; `report()` compares them.

    Feed it each shot's frames as rendered (before transitions blend them), in order:
    meter.add(shot_index, frame), or the frame's identity_samples: meter.add_samples(shot_index, samples).
    """

    def __init__(self, plan: Plan, performances: list[Performance], cameras: list[CameraPath]):
        self.plan, self.performances, self.cameras = plan, performances, cameras
        self.pixels: dict[tuple[str, int, str], list[np.ndarray]] = defaultdict(list)

    def add(self, shot_index: int, frame) -> None:
        """Measure one RenderedFrame (with `.instance`) of shot `shot_index`; most frames are skipped."""
        self.add_samples(shot_index, identity_samples(self.plan.shots[shot_index], self.performances[shot_index],
                                                      self.cameras[shot_index], frame.index, frame.rgb, frame.instance))

    def add_samples(self, shot_index: int, samples: dict[tuple[str, str], np.ndarray]) -> None:
        for (character, region), rgb in samples.items():
            self.pixels[(character, shot_index, region)].append(rgb)

    def report(self, rng: np.random.Generator) -> dict:
        """Per character: region palettes per shot, the largest ΔE between shots, bone lengths, speed at cuts."""
        t, plan, performances = table(), self.plan, self.performances
        colours: dict[str, dict[int, dict[str, np.ndarray]]] = defaultdict(lambda: defaultdict(dict))
        for (character, s, region), chunks in sorted(self.pixels.items()):
            rgb = np.concatenate(chunks)
            if len(rgb) >= t["min_region_px"]:
                colours[character][s][region] = palette(rgb, rng)
        report = {}
        for character in sorted({a.character.id for shot in plan.shots for a in shot.actors}):
            by_shot = colours.get(character, {})
            differences = [palette_difference(by_shot[a][r], by_shot[b][r])
                           for a, b in combinations(sorted(by_shot), 2) for r in sorted(by_shot[a]) if r in by_shot[b]]
            lengths = [bone_lengths(perf, k) for perf in performances for k, m in enumerate(perf.actors)
                       if m.character_id == character]
            per_shot = np.array([lg.mean(axis=0) for lg in lengths])
            spread = (per_shot.max(axis=0) - per_shot.min(axis=0)) / np.maximum(per_shot.mean(axis=0), 1e-9)
            within = max(float(((lg.max(axis=0) - lg.min(axis=0)) / np.maximum(lg.mean(axis=0), 1e-9)).max())
                         for lg in lengths)
            report[character] = {
                "colours_lab": {plan.shots[s].shot_id: {r: lab.round(2).tolist() for r, lab in sorted(regions.items())}
                                for s, regions in sorted(by_shot.items())},
                "max_delta_e": round(max(differences), 3) if differences else None,
                "colour_consistency": round(float(np.mean(np.array(differences) <= t["delta_e_tolerance"])), 3)
                if differences else None,
                "bone_length_m": [round(float(v), 4) for v in per_shot.mean(axis=0)],
                "bone_length_max_change": round(float(spread.max()), 6),
                "bone_length_max_change_within_shot": round(within, 6),
                "bones_consistent": bool(spread.max() <= t["bone_tolerance"]),
                "speed_at_cuts": _speeds_across_cuts(plan, performances, character),
            }
        return report


def identity_report(plan: Plan, performances: list[Performance], frames: Iterable[tuple[int, object]], *,
                    cameras: list[CameraPath], rng: np.random.Generator) -> dict:
    """IdentityMeter over (shot index, RenderedFrame) pairs (render with maps=("instance",)), in any order."""
    meter = IdentityMeter(plan, performances, cameras)
    for shot_index, frame in frames:
        meter.add(shot_index, frame)
    return meter.report(rng)
