"""Independent random streams: one SeedSequence per shot seed, spawned by name (stage, then actor).

A stream is named, not numbered: `stream(seed, "motion", "alice")` draws the same numbers however many other
actors, props or stages draw beside it, so adding an actor or a prop changes nothing that does not depend on it.
Names become spawn keys through CRC-32 (stable across processes, unlike hash()).
"""

from __future__ import annotations

import zlib

import numpy as np


def _keys(names: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(zlib.crc32(name.encode("utf-8")) for name in names)


def shot_seed(seed: int, index: int) -> int:
    """A stable per-shot seed derived from the storyboard's seed."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def stream(seed: int, *names: str) -> np.random.Generator:
    """The generator of the stream `names` (e.g. "motion", an actor id) under `seed`."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=_keys(names)))


def substream(rng: np.random.Generator, *names: str) -> np.random.Generator:
    """A named child of the stream `rng` was made from (its draws so far don't matter)."""
    parent = rng.bit_generator.seed_seq
    return np.random.default_rng(np.random.SeedSequence(parent.entropy, spawn_key=(*parent.spawn_key, *_keys(names))))
