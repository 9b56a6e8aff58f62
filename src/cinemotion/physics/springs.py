"""Secondary motion: hair and scarves as damped spring chains that follow the body."""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.body.skeleton import J, global_rotations
from cinemotion.core.seeds import substream
from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.body.actor_motion import ActorMotion
from cinemotion.physics.ballistics import G

GRAVITY = np.array([0.0, -G, 0.0])  # convention: gravity along −Y (DESIGN.md), G from ballistics.yaml
SUBSTEPS = 6  # solver setting: Verlet sub-steps per video frame, stable for stiff short chains at 24 fps


@cache
def chain_table() -> dict:
    return load_table("physics/chains.yaml")


def _chains_for(actor: PlacedActor) -> list[dict]:
    table = chain_table()["chains"]
    c = actor.character
    chains = []
    if c.hair_style in table["hair"]["styles"]:
        chains.append({"name": "hair", **table["hair"], **table["hair"]["styles"][c.hair_style]})
    items = {c.clothing.top, *c.clothing.accessories}
    if items & set(table["scarf"]["worn_with"]):
        chains.append({"name": "scarf", **table["scarf"]})
    return chains


def _simulate(anchor: np.ndarray, rest_dir: np.ndarray, length: float, n: int, fps: float,
              damping: float, drag: float, wind: np.ndarray, stiffness: float,
              rng: np.random.Generator) -> np.ndarray:
    """Verlet chain of n points hanging from anchor (F, 3); returns (F, n, 3)."""
    frames = len(anchor)
    seg = length / (n - 1)
    dt = 1.0 / (fps * SUBSTEPS)
    pos = anchor[0] + rest_dir[0][None, :] * seg * np.arange(n)[:, None]
    prev = pos.copy()
    out = np.zeros((frames, n, 3))
    gust = rng.uniform(0.6, 1.0)
    for f in range(frames):
        a_prev = anchor[max(f - 1, 0)]
        for s in range(SUBSTEPS):
            w = (s + 1) / SUBSTEPS
            root = a_prev * (1 - w) + anchor[f] * w
            t = (f * SUBSTEPS + s) * dt
            flutter = wind * gust * (1.0 + 0.35 * np.sin(2 * np.pi * 1.7 * t) + 0.2 * np.sin(2 * np.pi * 4.3 * t))
            vel = (pos - prev) / dt
            acc = GRAVITY + drag * (flutter - vel) + stiffness * (rest_dir[f] * seg * np.arange(n)[:, None]
                                                                   + root - pos)
            new = pos + (pos - prev) * (1.0 - damping) + acc * dt * dt
            prev, pos = pos, new
            pos[0] = root
            for _ in range(3):  # inextensible links
                d = pos[1:] - pos[:-1]
                ln = np.linalg.norm(d, axis=1, keepdims=True)
                corr = (d * (1.0 - seg / np.maximum(ln, 1e-9)))
                pos[1:] -= corr * 0.5
                pos[:-1] += corr * 0.5
                pos[0] = root
        out[f] = pos
    return out


def shot_wind(shot) -> np.ndarray:
    """The shot's wind (m/s, world): chains.yaml's breeze when the prompt asks for wind, else still air."""
    return np.array(chain_table()["wind_mps"], float) if "wind" in shot.environment.effects else np.zeros(3)


def simulate_secondary(actors: list[ActorMotion], shot: ShotPlan, *, rng: np.random.Generator) -> None:
    """Fill each actor's `secondary` chains (hair, scarf) from its motion and the wind."""
    wind = shot_wind(shot)
    for motion in actors:
        placed = next(a for a in shot.actors if a.id == motion.actor_id)
        height = placed.character.height_m
        rot = global_rotations(motion.rotations)
        for chain in _chains_for(placed):
            joint = J[chain["joint"]]
            offset = np.array(chain["offset"]) * height
            anchor = motion.joints[:, joint] + np.einsum("fij,j->fi", rot[:, joint], offset)
            rest_dir = np.einsum("fij,j->fi", rot[:, joint], np.array(chain["rest_dir"], float))
            rest_dir /= np.linalg.norm(rest_dir, axis=1, keepdims=True)
            motion.secondary[chain["name"]] = _simulate(
                anchor, rest_dir, chain["length"] * height, chain["points"], shot.fps, chain["damping"],
                chain["drag"], wind, chain["stiffness"], substream(rng, motion.actor_id, chain["name"])).astype(np.float32)
