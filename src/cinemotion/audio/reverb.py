"""The room a shot is in: a synthetic reverberation tail (decaying, darkening noise) from rooms.yaml."""

from __future__ import annotations

from functools import cache

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.signal import butter, fftconvolve, sosfilt

from cinemotion.core.tables import load_table

SAMPLE_RATE = 48000  # format: the soundtrack's sample rate (notes/CONTRACTS.md: Soundtrack.sample_rate)


class Room(BaseModel):
    """How a space rings: reverberation time, wet level relative to the dry sound, first-reflection delay."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rt60_s: float = Field(gt=0)
    wet_db: float = Field(le=0)
    predelay_s: float = Field(ge=0)


class RoomsTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sources: str
    settings: dict[str, Room]
    default: Room
    damping_hz: float = Field(gt=0, lt=SAMPLE_RATE / 2)


@cache
def rooms_table() -> RoomsTable:
    return load_table("audio/rooms.yaml", RoomsTable)


def room_of(setting: str) -> Room:
    table = rooms_table()
    return table.settings.get(setting, table.default)


def impulse_response(room: Room, rng: np.random.Generator) -> np.ndarray:
    """(n, 2) stereo wet response: decorrelated noise falling 60 dB over rt60, darkening as it decays."""
    n = int(room.rt60_s * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    envelope = 10 ** (-3 * t / room.rt60_s)  # -60 dB at rt60
    noise = rng.standard_normal((n, 2)) * envelope[:, None]
    dark = sosfilt(butter(1, rooms_table().damping_hz / (SAMPLE_RATE / 2), output="sos"), noise, axis=0)
    mix = np.minimum(1.0, t / room.rt60_s * 3)[:, None]  # the tail loses its highs over the first third
    response = (1 - mix) * noise + mix * dark
    response = np.concatenate([np.zeros((int(room.predelay_s * SAMPLE_RATE), 2)), response])
    return response * 10 ** (room.wet_db / 20) / np.sqrt((response ** 2).sum(axis=0).mean())


def reverberate(dry: np.ndarray, room: Room, rng: np.random.Generator) -> np.ndarray:
    """The wet tail (len(dry) + response length, 2) of a dry stereo passage (channels summed into the room)."""
    mono = dry.mean(axis=1)
    if not np.any(mono):
        return np.zeros((0, 2))
    response = impulse_response(room, rng)
    return np.stack([fftconvolve(mono, response[:, c]) for c in range(2)], axis=1)
