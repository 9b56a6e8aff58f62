"""The shipped motion library (library.npz, built by tools/build_motion_library.py): segments by source string.

Local rotations are stored as int16 quaternions (× 32767) of the reference body, the root path as float32
metres, contacts as bits; loading decodes only the arrays, once per process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

LIBRARY = Path(__file__).with_name("library.npz")
QUANT = 32767.0  # format: library.npz stores rotation quaternions as int16, ±1 → ±32767
SOURCE = re.compile(r"capture:cmu/(?P<clip>\S+) (?P<start>[\d.]+)–(?P<end>[\d.]+) s")


@dataclass(frozen=True)
class Clip:
    """One labelled segment: rotations (F, 22, 4), root (F, 3), contacts (F, 2) at fps, on the reference body."""

    clip: str
    label: str
    mode: str  # loop | once
    description: str
    cut: str
    start_s: float
    end_s: float
    partner: str | None
    raw_skating: float
    rotations: np.ndarray
    root: np.ndarray
    contacts: np.ndarray
    fps: float
    reference_height_m: float

    @property
    def duration_s(self) -> float:
        return len(self.root) / self.fps


@dataclass(frozen=True)
class Library:
    clips: tuple[Clip, ...]
    fps: float

    def find(self, source: str) -> Clip | None:
        """The segment a plan's source string names ('capture:cmu/13_18 0.1–24.9 s "boxing"')."""
        m = SOURCE.match(source or "")
        if m is None:
            return None
        return next((c for c in self.clips if c.clip == m["clip"] and abs(c.start_s - float(m["start"])) < 0.06),
                    None)

    def of_clip(self, name: str) -> Clip | None:
        return next((c for c in self.clips if c.clip == name), None)


@cache
def load_library() -> Library:
    data = np.load(LIBRARY)
    fps = float(data["fps"])
    reference = json.loads(str(data["reference"]))
    rotations = data["rotations"].astype(np.float64) / QUANT
    rotations /= np.linalg.norm(rotations, axis=-1, keepdims=True)
    n = int(data["n_frames"])
    contacts = np.unpackbits(data["contacts"], axis=0, count=n).astype(bool)
    clips = []
    for meta in json.loads(str(data["segments"])):
        a, b = meta["first"], meta["first"] + meta["frames"]
        clips.append(Clip(clip=meta["clip"], label=meta["label"], mode=meta["mode"], description=meta["description"],
                          cut=meta["cut"], start_s=meta["start_s"], end_s=meta["end_s"], partner=meta["partner"],
                          raw_skating=meta["raw_skating"], rotations=rotations[a:b], root=data["root"][a:b].astype(float),
                          contacts=contacts[a:b], fps=fps, reference_height_m=reference["height_m"]))
    return Library(clips=tuple(clips), fps=fps)
