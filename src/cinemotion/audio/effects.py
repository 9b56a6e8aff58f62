"""Event sounds (footsteps, landings, splashes, claps, …) synthesised from layers in effects.yaml.

A sound is a sum of layers — decaying tones, band-passed noise bursts, granular crunches, surface
modes, scrapes and swells — each varied a little per event from the rng so no two steps match.
Every sound's attack is its first sample (a swell's peak sits `lead` after its start), so the mixer
can place the attack exactly on the event's time.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
from scipy.signal import butter, sosfilt

from cinemotion.audio.impulses import copies_at
from cinemotion.core.tables import load_table
from cinemotion.motion.performance import Event

SAMPLE_RATE = 48000  # format: the soundtrack's rate (CONTRACTS.md: Soundtrack.sample_rate)
ATTACK_S = load_table("audio/effects.yaml")["attack_s"]["value"]  # a contact takes time to build up


@cache
def effects_table() -> dict:
    return load_table("audio/effects.yaml")


def surface_layers(surface: str) -> dict:
    table = effects_table()
    name = table["surface_aliases"].get(surface, surface)
    return table["surfaces"].get(name, table["surfaces"]["concrete"])


@lru_cache(maxsize=512)
def _bandpass(low_hz: float, high_hz: float) -> np.ndarray:
    nyquist = SAMPLE_RATE / 2
    low, high = max(low_hz, 20.0) / nyquist, min(high_hz, 0.95 * nyquist) / nyquist
    return butter(2, [low, max(high, low * 1.05)], btype="band", output="sos")


def _band(band_hz, scale: float) -> tuple[float, float]:
    # rounded so the filter cache is reused across events of one kind
    return round(band_hz[0] * scale, -1), round(band_hz[1] * scale, -1)


def _noise(n: int, band_hz, scale: float, rng: np.random.Generator) -> np.ndarray:
    return sosfilt(_bandpass(*_band(band_hz, scale)), rng.standard_normal(n))


def _decay(n: int, decay_s: float) -> np.ndarray:
    t = np.arange(n) / SAMPLE_RATE
    return np.exp(-t / decay_s) * np.minimum(1.0, t / ATTACK_S)


def _length(decay_s: float) -> int:
    return int(SAMPLE_RATE * 6.9 * decay_s) + 1  # until the envelope is 60 dB down


def _tone(p: dict, pitch: float, rng) -> np.ndarray:
    n = _length(p["decay_s"])
    t = np.arange(n) / SAMPLE_RATE
    return p["gain"] * np.sin(2 * np.pi * p["hz"] * pitch * t) * _decay(n, p["decay_s"])


def _burst(p: dict, pitch: float, rng) -> np.ndarray:
    n = _length(p["decay_s"])
    x = _noise(n, p["band_hz"], pitch, rng) * _decay(n, p["decay_s"])
    return p["gain"] * x / (np.abs(x).max() + 1e-12)


def _grains(p: dict, pitch: float, rng) -> np.ndarray:
    """A crunch: `count` micro-impacts, dense at contact and thinning as the load settles."""
    span = int(p["span_s"] * SAMPLE_RATE)
    grain = _length(p["decay_s"])
    starts = (span * rng.beta(1.0, 2.5, size=int(p["count"]))).astype(int)
    levels = rng.uniform(0.3, 1.0, size=len(starts)) * (1 - starts / (span + 1))
    kernel = _decay(grain, p["decay_s"]) * rng.choice([-1.0, 1.0], size=grain)
    out = copies_at(starts, levels, kernel, span + grain)
    out = sosfilt(_bandpass(*_band(p["band_hz"], pitch)), out)
    return p["gain"] * out / (np.abs(out).max() + 1e-12)


def _modes(p: list, pitch: float, rng) -> np.ndarray:
    n = max(_length(decay) for _, decay, _ in p)
    t = np.arange(n) / SAMPLE_RATE
    out = np.zeros(n)
    for hz, decay, gain in p:
        detune = pitch * rng.uniform(0.98, 1.02)
        out += gain * np.sin(2 * np.pi * hz * detune * t + rng.uniform(0, 2 * np.pi)) * _decay(n, decay)
    return out


def _scrape(p: dict, pitch: float, rng) -> np.ndarray:
    n = int(p["length_s"] * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    envelope = np.minimum(1.0, t / p["rise_s"]) * np.exp(-3.0 * t / p["length_s"])
    roughness = 1 + 0.5 * np.interp(t, np.linspace(0, t[-1], 12), rng.uniform(-1, 1, 12))  # stick-slip
    x = _noise(n, p["band_hz"], pitch, rng) * envelope * roughness
    return p["gain"] * x / (np.abs(x).max() + 1e-12)


def _swell(p: dict, pitch: float, rng) -> np.ndarray:
    n = int(p["length_s"] * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    lead = p["lead_s"]
    envelope = np.where(t < lead, (t / lead) ** 2, np.exp(-4.0 * (t - lead) / (p["length_s"] - lead)))
    x = _noise(n, p["band_hz"], pitch, rng) * envelope
    return p["gain"] * x / (np.abs(x).max() + 1e-12)


LAYERS = {"tone": _tone, "burst": _burst, "grains": _grains, "modes": _modes, "scrape": _scrape, "swell": _swell}


def _mix_layers(layers: dict, pitch: float, rng, scale: float = 1.0) -> list[np.ndarray]:
    return [scale * LAYERS[name](params, pitch, rng) for name, params in layers.items() if name in LAYERS]


def _sum(parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    n = max((offset + len(x) for offset, x in parts), default=1)
    out = np.zeros(n)
    for offset, x in parts:
        out[offset: offset + len(x)] += x
    return out


def body_mass_kg(height_m: float, build: str) -> float:
    return effects_table()["body_weight"]["bmi"].get(build, 23) * height_m ** 2


def event_sound(event: Event, rng: np.random.Generator, *, mass_kg: float | None = None) -> tuple[np.ndarray, float]:
    """The mono sound of one event at 48 kHz and the seconds from its start to its attack (0 but for swells).

    `mass_kg` is the body's weight for footsteps and landings (the reference body when None).
    """
    table = effects_table()
    vary, weight = table["variation"], table["body_weight"]
    pitch = 1.0 + vary["pitch"] * rng.uniform(-1, 1)
    gain = (table["strength_floor"] + (1 - table["strength_floor"]) * float(np.clip(event.strength, 0, 1)))
    gain *= 1.0 + vary["gain"] * rng.uniform(-1, 1)
    own = table["events"].get(event.kind, {})
    parts: list[tuple[int, np.ndarray]] = [(0, x) for x in _mix_layers(own, pitch, rng)]
    if event.kind in table["footstep_kinds"]:
        heaviness = (mass_kg or weight["reference_kg"]) / weight["reference_kg"]
        gain *= heaviness ** weight["gain_exponent"]
        parts += _footstep(event, pitch * heaviness ** -weight["pitch_exponent"], float(own.get("surface", 1.0)), rng)
    lead = float(own.get("swell", {}).get("lead_s", 0.0))
    return gain * _sum(parts), lead


def _footstep(event: Event, pitch: float, scale: float, rng) -> list[tuple[int, np.ndarray]]:
    """Surface layers shaped by gait: heel-and-ball for a walk, one bright strike for a run, a drag for a shuffle."""
    gait = effects_table()["gait"]
    speed = max(event.speed_mps, 0.0)
    brightness = pitch * (1 + gait["brightness_per_mps"] * speed)
    layers = surface_layers(event.surface)
    parts = [(0, x) for x in _mix_layers(layers, brightness, rng, scale)]
    if event.kind == "foot_strike" and speed < gait["walk_below_mps"]:
        delay = np.interp(speed, [0.5, gait["walk_below_mps"]], gait["ball_delay_s"])
        ball = {k: v for k, v in layers.items() if k in ("burst", "tone")}
        parts += [(int(delay * SAMPLE_RATE), x) for x in _mix_layers(ball, brightness * 1.1, rng, gait["ball_gain"])]
    if event.kind == "foot_strike" and speed < gait["shuffle_below_mps"]:
        parts.append((0, _scrape(gait["shuffle_scrape"], pitch, rng)))
    return parts
