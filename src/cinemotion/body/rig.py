"""Find our 22-joint humanoid in any motion-capture rig: by the rig's joint names, else by its hierarchy's shape.

    # 1. Names: the naming convention (rig_names.yaml: Mixamo, Unreal, Unity, Rokoko, Bandai-Namco, CMU ASF, Daz,
    #    3ds Max Biped, …) that names the most of our joints, if it names every limb joint in a sound hierarchy
    # 2. Else the shape: the pelvis is where a pair of matching limbs (the legs) branches off pointing away from
    #    the rest of the body; the chest is where a second matching pair (the arms) branches, with the head chain
    #    beside it; twist bones (which never bend) are skipped; thigh and shank are the longest consecutive pair of
    #    leg bones, upper arm and forearm those of the arm; left is left of the way the toes (or knees) point
    # 3. The spine is sampled along the rig's own joints between pelvis and neck at our skeleton's proportions,
    #    whatever their number; a missing collar sits between the neck and the shoulder
    # 4. The result is upright: the axis the body stands along in the motion becomes +Y (Z-up rigs), unless the
    #    rest pose stands along another axis and the floor is there (a crawl filmed Y-up stays Y-up)
Each of our joints is a weighted sum of the rig's joint positions (RigMap.sources), so it follows the capture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import JOINTS, J, make_body

SIDES = ("left", "right")
LIMB_JOINTS = ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")


class RigFigures(Figures):
    significant: Figure[float]
    limb_reach: Figure[float]
    limb_match: Figure[float]
    legs_away: Figure[float]
    floor_margin: Figure[float]
    twist_deg: Figure[float]


FIGURES = load_table("body/rig.yaml", RigFigures)
SIGNIFICANT = FIGURES.significant.value  # × the rig's span: shorter bones are not body segments
LIMB_REACH = FIGURES.limb_reach.value  # × span: a chain shorter than this (a finger, an eye) is not a limb
LIMB_MATCH = FIGURES.limb_match.value  # most |log ratio| between a left and a right limb's first bones
LEGS_AWAY = FIGURES.legs_away.value  # the legs point away from the chest: cos(leg end − pelvis, chest − pelvis) below this
FLOOR_MARGIN = FIGURES.floor_margin.value  # the rest pose's up wins when the floor along it wanders less than half as much
TWIST_DEG = FIGURES.twist_deg.value  # a joint that never bends more than this (rest pose and motion) is a twist bone
# bones whose direction the retarget reads; a rig must give each a length
BONES_NEEDED = (("{side}_hip", "{side}_knee", "{side} thigh"), ("{side}_knee", "{side}_ankle", "{side} shank"),
                ("{side}_shoulder", "{side}_elbow", "{side} upper arm"),
                ("{side}_elbow", "{side}_wrist", "{side} forearm"), ("pelvis", "neck", "spine"))


@cache
def naming() -> dict:
    return load_table("body/rig_names.yaml")


@dataclass(frozen=True)
class RigMap:
    """Each of our joints as a weighted sum of the rig's joints; `convention` says how it was found."""

    sources: dict[str, tuple[tuple[int, float], ...]]
    convention: str
    leg_length: float  # thigh + shank in the rig's rest pose, in the file's units
    rest_up: np.ndarray  # the signed axis the rest pose stands along
    notes: tuple[str, ...] = field(default=())

    def points(self, positions: np.ndarray) -> np.ndarray:
        """Our 22 joints (F, 22, 3) from the rig's joint positions (F, n, 3), stood upright (+Y up)."""
        return upright(_gather(self.sources, positions), self.rest_up)


def _gather(sources: dict[str, tuple[tuple[int, float], ...]], positions: np.ndarray) -> np.ndarray:
    return np.stack([sum(w * positions[:, i] for i, w in sources[j]) for j in JOINTS], axis=1)


def _body_up(points: np.ndarray) -> np.ndarray:
    """The signed axis (3,) nearest the way the body stands (pelvis → neck, ankles → pelvis) over its frames."""
    ankles = 0.5 * (points[:, J["left_ankle"]] + points[:, J["right_ankle"]])
    up = np.median(_unit(points[:, J["neck"]] - points[:, 0]) + _unit(points[:, 0] - ankles), axis=0)
    axis = np.zeros(3)
    axis[int(np.argmax(np.abs(up)))] = 1.0
    return axis * np.sign(up @ axis)


def _floor_spread(points: np.ndarray, up: np.ndarray) -> float:
    """How much the body's lowest point along `up` wanders over the clip: little when `up` is the real up (a foot,
    a knee or a hand is on the floor), a lot along the ground (it follows the travel)."""
    lowest = (points @ up).min(axis=1)
    return float(np.percentile(lowest, 90) - np.percentile(lowest, 10))


def upright(points: np.ndarray, rest_up: np.ndarray | None = None) -> np.ndarray:
    """Turn our joints (F, 22, 3) so the body's up is +Y. Up is the axis the body stands along in the motion,
    unless the rig's rest pose stands along another and the floor is clearly there (a crawl or a lie-down
    filmed in a Y-up world keeps its Y)."""
    up = _body_up(points)
    if rest_up is not None and not np.allclose(up, rest_up) \
            and _floor_spread(points, rest_up) < FLOOR_MARGIN * _floor_spread(points, up):
        up = rest_up
    if up[1] == 1.0:
        return points
    if up[1] == -1.0:  # upside down: a half turn about X
        turn = np.diag([1.0, -1.0, -1.0])
    else:  # the quarter turn taking `up` to +Y (Rodrigues, |axis| = 1, cos = 0)
        v = np.cross(up, [0.0, 1.0, 0.0])
        k = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
        turn = np.eye(3) + k + k @ k
    return points @ turn.T


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def rig_label(convention: str) -> str:
    """A convention's name as people say it (rig_names.yaml); "topology" when the names were not used."""
    return naming()["conventions"].get(convention, {}).get("label", convention)


def compact(name: str) -> str:
    """A joint name in the form rig_names.yaml lists (see its header)."""
    base = re.split(r"[:|]", name)[-1].lower()
    base = re.sub(r"[^a-z0-9]", "", base)
    for prefix in naming()["prefixes"]:
        stripped = re.sub(rf"^{prefix}", "", base)
        if stripped:
            base = stripped
    return base


class _Tree:
    """The rig's joints as an undirected tree with rest-pose bone lengths, and each direction's reach."""

    def __init__(self, parents: list[int], rest: np.ndarray):
        self.parents = parents
        self.rest = rest
        self.n = len(parents)
        self.children: list[list[int]] = [[] for _ in parents]
        for c, p in enumerate(parents):
            if p >= 0:
                self.children[p].append(c)
        self.length = np.array([np.linalg.norm(rest[c] - rest[p]) if p >= 0 else 0.0 for c, p in enumerate(parents)])
        # down[v]: the longest path from v into its subtree; up[v]: the longest from v through its parent
        self.down = np.zeros(self.n)
        for v in reversed(range(self.n)):
            self.down[v] = max((self.length[c] + self.down[c] for c in self.children[v]), default=0.0)
        self.up = np.zeros(self.n)
        for v in range(self.n):
            p = parents[v]
            if p >= 0:
                siblings = [self.length[s] + self.down[s] for s in self.children[p] if s != v]
                self.up[v] = self.length[v] + max([self.up[p], *siblings])
        self.span = float(max(self.down.max(), self.up.max(), 1e-12))

    def neighbours(self, v: int) -> list[int]:
        return self.children[v] + ([self.parents[v]] if self.parents[v] >= 0 else [])

    def reach(self, v: int, u: int) -> float:
        return self.length[u] + self.down[u] if self.parents[u] == v else self.up[v]

    def edge(self, a: int, b: int) -> float:
        return self.length[b] if self.parents[b] == a else self.length[a]

    def longest_path(self, v: int, u: int) -> list[int]:
        """v, then the joints of the longest path leaving v through its neighbour u."""
        path, prev = [v, u], v
        while True:
            options = [w for w in self.neighbours(path[-1]) if w != prev]
            if not options:
                return path
            prev = path[-1]
            path.append(max(options, key=lambda w: self.reach(prev, w)))

    def ancestors(self, v: int) -> list[int]:
        out = [v]
        while self.parents[out[-1]] >= 0:
            out.append(self.parents[out[-1]])
        return out

    def common_ancestor(self, a: int, b: int) -> int:
        up_b = set(self.ancestors(b))
        return next(v for v in self.ancestors(a) if v in up_b)

    def path(self, a: int, b: int) -> list[int]:
        """The joints from a to b through the tree."""
        up_a, up_b = self.ancestors(a), self.ancestors(b)
        common = self.common_ancestor(a, b)
        return up_a[:up_a.index(common) + 1] + up_b[:up_b.index(common)][::-1]

    def profile(self, v: int, u: int) -> list[float]:
        path = self.longest_path(v, u)
        lengths = [self.edge(a, b) for a, b in zip(path, path[1:])]
        return [s for s in lengths if s >= SIGNIFICANT * self.span][:3]


def _spine_fractions() -> list[float]:
    """Where our spine1..3 sit along pelvis → neck, as shares of that chain's length."""
    rest = make_body().rest
    chain = [rest[J[j]] for j in ("pelvis", "spine1", "spine2", "spine3", "neck")]
    steps = np.cumsum([0.0] + [np.linalg.norm(b - a) for a, b in zip(chain, chain[1:])])
    return list(steps[1:4] / steps[-1])


def _along(chain: list[int], rest: np.ndarray, fraction: float) -> tuple[tuple[int, float], ...]:
    """The point a fraction of the way along a chain of joints (by rest length), as weights of two joints."""
    steps = np.cumsum([0.0] + [np.linalg.norm(rest[b] - rest[a]) for a, b in zip(chain, chain[1:])])
    if steps[-1] <= 0:
        return ((chain[0], 1.0),)
    target = fraction * steps[-1]
    k = int(np.clip(np.searchsorted(steps, target, side="right") - 1, 0, len(chain) - 2))
    t = (target - steps[k]) / max(steps[k + 1] - steps[k], 1e-12)
    return ((chain[k], 1.0 - t), (chain[k + 1], t))


def _mix(*parts: tuple[float, tuple[tuple[int, float], ...]]) -> tuple[tuple[int, float], ...]:
    weights: dict[int, float] = {}
    for share, source in parts:
        for i, w in source:
            weights[i] = weights.get(i, 0.0) + share * w
    return tuple(weights.items())


def _assemble(tree: _Tree, joints: dict[str, int], spine: list[int], convention: str, notes: list[str],
              placed: dict[str, tuple[tuple[int, float], ...]] | None = None) -> RigMap:
    """The RigMap from the rig joints found for our limbs, pelvis, neck and head (or `placed` between rig joints),
    and the spine chain."""
    sources = {name: ((i, 1.0),) for name, i in joints.items()} | (placed or {})
    for name, fraction in zip(("spine1", "spine2", "spine3"), _spine_fractions()):
        sources[name] = _along(spine, tree.rest, fraction)
    for side in SIDES:
        if f"{side}_collar" not in sources:
            sources[f"{side}_collar"] = _mix((0.5, sources["neck"]), (0.5, sources[f"{side}_shoulder"]))
    for a, b, bone in BONES_NEEDED:
        for side in SIDES:
            ja, jb = (joints[k.format(side=side)] for k in (a, b))
            if np.linalg.norm(tree.rest[jb] - tree.rest[ja]) <= 1e-9 * tree.span:
                raise ValueError(f"its {bone.format(side=side)} has no length in the rest pose")
    leg = np.mean([np.linalg.norm(tree.rest[joints[f"{s}_knee"]] - tree.rest[joints[f"{s}_hip"]])
                   + np.linalg.norm(tree.rest[joints[f"{s}_ankle"]] - tree.rest[joints[f"{s}_knee"]])
                   for s in SIDES])
    return RigMap(sources=sources, convention=convention, leg_length=float(leg),
                  rest_up=_body_up(_gather(sources, tree.rest[None])), notes=tuple(notes))


def _by_names(names: list[str], tree: _Tree) -> RigMap | None:
    lookup: dict[str, int] = {}
    for i, name in enumerate(names):
        lookup.setdefault(compact(name), i)
    best, best_count = None, 0
    for convention, table in naming()["conventions"].items():
        found: dict[str, int] = {}
        for key in ("pelvis", "neck", "head"):
            hit = next((lookup[c] for c in table[key] if c in lookup), None)
            if hit is not None:
                found[key] = hit
        for side, words in zip(SIDES, table["sides"]):
            for key in ("hip", "knee", "ankle", "foot", "collar", "shoulder", "elbow", "wrist"):
                hit = next((lookup[name] for c in table[key] for name in _spellings(c, words) if name in lookup),
                           None)
                if hit is not None and hit not in found.values():
                    found[f"{side}_{key}"] = hit
        if len(found) > best_count and _sound(found, tree):
            best, best_count = (convention, found), len(found)
    if best is None:
        return None
    convention, found = best
    for side in SIDES:  # no toe named: the ankle's longest child (its End Site), else the ankle
        ankle = found[f"{side}_ankle"]
        found.setdefault(f"{side}_foot", max(tree.children[ankle], key=lambda c: tree.reach(ankle, c), default=ankle))
    # no neck named: where the arms branch
    found.setdefault("neck", tree.common_ancestor(found["left_shoulder"], found["right_shoulder"]))
    spine = tree.path(found["pelvis"], found["neck"])
    return _assemble(tree, found, spine, convention, [])


def _spellings(template: str, words: str | list[str]) -> list[str]:
    return [template.format(side=w) for w in ([words] if isinstance(words, str) else words)]


def _sound(found: dict[str, int], tree: _Tree) -> bool:
    """Every limb joint and the pelvis and head named, each limb a chain down the hierarchy."""
    needed = ["pelvis", "head"] + [f"{s}_{k}" for s in SIDES for k in LIMB_JOINTS]
    if any(k not in found for k in needed):
        return False
    for side in SIDES:
        for chain in (("hip", "knee", "ankle"), ("shoulder", "elbow", "wrist")):
            a, b, c = (found[f"{side}_{k}"] for k in chain)
            if b not in tree.ancestors(c)[1:] or a not in tree.ancestors(b)[1:]:
                return False
    return True


def _bending(chain: list[int], tree: _Tree, motion: np.ndarray) -> list[int]:
    """The chain without coincident joints and twist bones (joints that never bend, in rest or in motion)."""
    kept = [chain[0]]
    for v in chain[1:]:
        if np.linalg.norm(tree.rest[v] - tree.rest[kept[-1]]) >= SIGNIFICANT * tree.span * 0.25:
            kept.append(v)
    out = [kept[0]]
    for k in range(1, len(kept) - 1):
        a, v, b = out[-1], kept[k], kept[k + 1]
        poses = np.concatenate([tree.rest[None, [a, v, b]], motion[:, [a, v, b]]])
        cos = np.sum(_unit(poses[:, 1] - poses[:, 0]) * _unit(poses[:, 2] - poses[:, 1]), axis=-1)
        if np.degrees(np.arccos(np.clip(cos, -1, 1))).max() >= TWIST_DEG:
            out.append(v)
    return out + kept[-1:] if len(kept) > 1 else out


def _limbs(tree: _Tree, start: int, firsts: tuple[int, int], motion: np.ndarray) -> tuple[list[list[int]], int]:
    """A pair of limbs' bending joints from their branch point, and where the two longest consecutive bones of
    both begin (bones the other limb lacks, such as a prop in one hand, do not count)."""
    joints = [_bending(tree.longest_path(start, first), tree, motion) for first in firsts]
    lengths = [[np.linalg.norm(tree.rest[b] - tree.rest[a]) for a, b in zip(j, j[1:])] for j in joints]
    shared = min(len(x) for x in lengths)
    matching = [i for i in range(1, shared - 1)
                if all(abs(np.log(max(lengths[0][m], 1e-12) / max(lengths[1][m], 1e-12))) < LIMB_MATCH
                       for m in (i, i + 1))]
    if not matching:
        raise ValueError(f"its limbs from joint {start} have fewer than three matching bones")
    k = max(matching, key=lambda i: sum(x[i] + x[i + 1] for x in lengths))
    return joints, k


def _mirror_pairs(tree: _Tree, v: int) -> list[tuple[int, int, float]]:
    """Pairs of limbs branching from v (children of it, as legs and arms are of the pelvis and chest whatever the
    root) whose first bones match, with how far they differ (most |log ratio|)."""
    options = [u for u in tree.children[v] if tree.reach(v, u) >= LIMB_REACH * tree.span]
    pairs = []
    for i, a in enumerate(options):
        for b in options[i + 1:]:
            pa, pb = tree.profile(v, a), tree.profile(v, b)
            if len(pa) >= 2 and len(pa) == len(pb):
                mismatch = max(abs(np.log(x / y)) for x, y in zip(pa, pb))
                if mismatch < LIMB_MATCH:
                    pairs.append((a, b, float(mismatch)))
    return pairs


def _by_shape(tree: _Tree, motion: np.ndarray) -> RigMap:
    pairs = [(v, a, b, miss) for v in range(tree.n) for a, b, miss in _mirror_pairs(tree, v)]
    if not pairs:
        roots = [v for v in range(tree.n) if tree.parents[v] < 0]
        chains = sum(int(tree.reach(roots[0], c) >= LIMB_REACH * tree.span) for c in tree.children[roots[0]])
        raise ValueError(f"the hierarchy has {chains} chain{'s' * (chains != 1)} below the root and no two that "
                         f"match, a body needs two legs and two arms")
    best, best_score = None, -np.inf
    for p, la, lb, leg_miss in pairs:
        for q, aa, ab, arm_miss in pairs:
            if q == p:
                continue
            between = tree.path(p, q)
            toward_q, toward_p = between[1], between[-2]
            if toward_q in (la, lb) or toward_p in (aa, ab):
                continue
            axis = tree.rest[q] - tree.rest[p]
            ends = [tree.rest[tree.longest_path(p, leg)[-1]] - tree.rest[p] for leg in (la, lb)]
            if np.mean([np.dot(_unit(e), _unit(axis)) for e in ends]) > LEGS_AWAY:
                continue
            try:
                legs, arms = _limbs(tree, p, (la, lb), motion), _limbs(tree, q, (aa, ab), motion)
            except ValueError:
                continue
            others = [u for u in tree.neighbours(q) if u not in (toward_p, aa, ab)]
            head = max(others, key=lambda u: tree.reach(q, u), default=None)
            # the most body the five chains and the spine cover; of equal covers, the best matched pairs
            score = sum(tree.reach(p, u) for u in (la, lb)) + sum(tree.reach(q, u) for u in (aa, ab)) \
                + (tree.reach(q, head) if head is not None else 0.0) \
                + sum(tree.edge(x, y) for x, y in zip(between, between[1:])) - (leg_miss + arm_miss) * tree.span
            if score > best_score:
                best, best_score = (p, legs, q, arms, head), score
    if best is None:
        raise ValueError(f"it has {len(pairs)} pair{'s' * (len(pairs) != 1)} of matching limbs but none that "
                         f"point away from the body like legs below a second pair like arms")
    p, legs, q, arms, head_dir = best
    found: dict[str, int] = {"pelvis": p}
    limbs = {}
    for kind, (pair, k), names3 in (("leg", legs, ("hip", "knee", "ankle")),
                                    ("arm", arms, ("shoulder", "elbow", "wrist"))):
        for n, joints in enumerate(pair):
            limbs[(kind, n)] = dict(zip(names3, joints[k:k + 3]))
            if kind == "leg":
                tail = joints[k + 3:] or [joints[k + 2]]
                ankle = joints[k + 2]
                real = [v for v in tail if tree.children[v]] or tail
                limbs[(kind, n)]["foot"] = max(real, key=lambda v: np.linalg.norm(tree.rest[v] - tree.rest[ankle]))
            elif k > 1:
                limbs[(kind, n)]["collar"] = joints[k - 1]
    left_leg, left_arm = _left_of(tree, motion, p, q, limbs)
    for kind, left in (("leg", left_leg), ("arm", left_arm)):
        for n, side in ((left, "left"), (1 - left, "right")):
            found.update({f"{side}_{k}": v for k, v in limbs[(kind, n)].items()})
    sources_neck, head = q, None
    if head_dir is not None:
        chain = tree.longest_path(q, head_dir)
        branching = [v for v in chain[1:] if len(tree.children[v]) >= 2]
        inner = [v for v in chain[1:] if tree.children[v]]
        head = branching[0] if branching else inner[-1] if inner else chain[-1]
        if chain[1] != head:
            sources_neck = chain[1]
    found["neck"] = sources_neck
    spine = tree.path(p, q) + ([sources_neck] if sources_neck != q else [])
    if head is not None:
        found["head"] = head
        return _assemble(tree, found, spine, "topology", [])
    return _assemble(tree, found, spine, "topology", ["the rig has no head joint: it is placed along the spine"],
                     {"head": _mix((1.3, ((q, 1.0),)), (-0.3, ((p, 1.0),)))})


def _left_of(tree: _Tree, motion: np.ndarray, p: int, q: int, limbs: dict) -> tuple[int, int]:
    """Which leg and which arm (0 or 1) is the left: left is up × forward, forward where the toes point in the
    rest pose, or (a rig without toes) where the knees bend in the motion."""
    rest = tree.rest
    up = _unit(rest[q] - rest[p])
    toes = sum(rest[limbs[("leg", n)]["foot"]] - rest[limbs[("leg", n)]["ankle"]] for n in (0, 1))
    toes = toes - np.dot(toes, up) * up
    hips = rest[limbs[("leg", 0)]["hip"]] - rest[limbs[("leg", 1)]["hip"]]
    shoulders = rest[limbs[("arm", 0)]["shoulder"]] - rest[limbs[("arm", 1)]["shoulder"]]
    if np.linalg.norm(toes) > SIGNIFICANT * tree.span:
        left = np.cross(up, toes)
        return int(np.dot(hips, left) < 0), int(np.dot(shoulders, left) < 0)
    ups = _unit(motion[:, q] - motion[:, p])
    bend = sum(motion[:, limbs[("leg", n)]["knee"]] - 0.5 * (motion[:, limbs[("leg", n)]["hip"]]
                                                          + motion[:, limbs[("leg", n)]["ankle"]]) for n in (0, 1))
    left = np.cross(ups, bend)
    vote = lambda a, b: np.sum((motion[:, a] - motion[:, b]) * left)  # noqa: E731
    leg0, leg1, arm0, arm1 = (limbs[key] for key in (("leg", 0), ("leg", 1), ("arm", 0), ("arm", 1)))
    return int(vote(leg0["hip"], leg1["hip"]) < 0), int(vote(arm0["shoulder"], arm1["shoulder"]) < 0)


def map_rig(names: list[str], parents: list[int], rest: np.ndarray, motion: np.ndarray) -> RigMap:
    """Our humanoid in a rig (see module docstring): names, parents, rest joint positions (n, 3) and a sample of
    posed joint positions (F, n, 3), both in the file's units and axes. Raises ValueError saying why no humanoid
    is there."""
    tree = _Tree(list(parents), np.asarray(rest, float))
    return _by_names(names, tree) or _by_shape(tree, np.asarray(motion, float))
