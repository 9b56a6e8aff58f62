"""Sparse impulse trains: many copies of one short sound, each at its own time and level."""

from __future__ import annotations

import numpy as np


def copies_at(starts: np.ndarray, levels: np.ndarray, kernel: np.ndarray, n: int) -> np.ndarray:
    """(n,) the sum of `kernel` copies, copy i starting at sample `starts[i]` scaled by `levels[i]`, cut at n.

    The convolution of an impulse train with the kernel, at the cost of the copies rather than of every
    sample times the kernel's length: a crunch's few dozen grains or a rain bed's drops on a 10 s bed.
    """
    out = np.zeros(n)
    for start, level in zip(np.asarray(starts, int).tolist(), np.asarray(levels, float).tolist()):
        end = min(start + len(kernel), n)
        if end > start:
            out[start:end] += level * kernel[: end - start]
    return out
