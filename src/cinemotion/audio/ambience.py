"""Ambience beds (room tone, traffic, rain, wind, birds, …) from a shot's environment.

Each bed is shaped noise or a stream of tiny synthesised events (rain drops, bird chirps, bubbles),
scaled to its level from ambience.yaml. Noise beds are drawn independently per channel, so they
are wide and decorrelated; mains hum sits in the centre.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.signal import butter, sosfilt

from cinemotion.audio.impulses import copies_at
from cinemotion.core.tables import load_table
from cinemotion.spec.models import Environment, Look

SAMPLE_RATE = 48000  # format: the soundtrack's sample rate (notes/CONTRACTS.md: Soundtrack.sample_rate)


@cache
def ambience_table() -> dict:
    return load_table("audio/ambience.yaml")


def bed_levels(environment: Environment, look: Look | None = None) -> dict[str, float]:
    """Bed name → level (dBFS RMS): the setting's beds plus the weather's, each effect's and the lights'."""
    table = ambience_table()
    sources = [table["settings"].get(environment.setting, table["default"]), table["weather"].get(environment.weather, {})]
    if look is not None:
        sources.append(table["lighting"].get(look.lighting, {}))
    sources += [table["effects"].get(effect, {}) for effect in environment.effects]
    sources.append(_figure_beds(environment, table["figures"]))
    levels: dict[str, list[float]] = {}
    for source in sources:
        for bed, level in source.items():
            levels.setdefault(bed, []).append(level)
    return {bed: max(ls) + table["stack_db"] * (len(ls) - 1) for bed, ls in sorted(levels.items())}


def _figure_beds(environment: Environment, figures: dict) -> dict[str, float]:
    """The murmur of the extras and the birdsong of any birds the shot shows."""
    beds = {}
    if environment.extras:
        level = figures["crowd_db"] + 10 * np.log10(environment.extras / figures["crowd_people"])
        beds["crowd"] = float(min(level, figures["crowd_max_db"]))
    if "bird" in environment.animals:
        beds["birds"] = float(figures["birds_db"])
    return beds


@cache
def _band(lo: float, hi: float, order: int = 2):
    nyquist = SAMPLE_RATE / 2
    return butter(order, [max(lo, 10) / nyquist, min(hi, 0.95 * nyquist) / nyquist], btype="band", output="sos")


def _noise(n, band_hz, rng, order: int = 2):
    return sosfilt(_band(*band_hz, order=order), rng.standard_normal(n))


def _slow(n: int, per_s: float, rng, depth: float = 1.0) -> np.ndarray:
    """A smooth random modulation (0..1 scaled by depth, around 1 - depth/2) at about `per_s` changes a second."""
    knots = max(int(n / SAMPLE_RATE * per_s) + 2, 2)
    values = rng.uniform(0, 1, knots)
    at = np.linspace(0, n - 1, knots)
    # np.interp(np.arange(n), at, values) bit for bit, a span between knots at a time (its per-sample search
    # was half of the cost of a bed's modulations)
    curve = np.empty(n)
    ends = np.minimum(np.ceil(at).astype(int), n - 1)
    for j in range(knots - 1):
        if ends[j + 1] > ends[j]:
            slope = (values[j + 1] - values[j]) / (at[j + 1] - at[j])
            curve[ends[j]: ends[j + 1]] = slope * (np.arange(ends[j], ends[j + 1]) - at[j]) + values[j]
    curve[n - 1] = values[-1]
    return 1 - depth + depth * curve


def _drops(n: int, rate: float, kernel: np.ndarray, rng, amplitude=(0.2, 1.0)) -> np.ndarray:
    """A Poisson stream of copies of `kernel`, each at a random level."""
    count = rng.poisson(rate * n / SAMPLE_RATE)
    starts = rng.integers(0, n, count)
    return copies_at(starts, rng.uniform(*amplitude, count) * rng.choice([-1, 1], count), kernel, n)


def _decay_kernel(decay_s: float) -> np.ndarray:
    return np.exp(-np.arange(int(7 * decay_s * SAMPLE_RATE)) / (decay_s * SAMPLE_RATE))


def room_tone(n, p, rng):
    return _noise(n, p["band_hz"], rng, order=4) * _slow(n, 0.2, rng, 0.2)  # steep: rooms hum low


def hum(n, p, rng):
    t = np.arange(n) / SAMPLE_RATE
    tone = sum(np.sin(2 * np.pi * p["mains_hz"] * h * t) / h for h in p["harmonics"])
    buzz = np.clip(3 * np.sin(2 * np.pi * p["mains_hz"] * 2 * t), -1, 1) * p["buzz"]
    flicker = _slow(n, p.get("flicker_per_s", 0.1), rng, 0.3)
    return (tone + buzz) * flicker


def traffic(n, p, rng):
    rumble = _noise(n, p["rumble_hz"], rng) * _slow(n, 0.5, rng, 0.4)
    passes = np.zeros(n)
    for _ in range(rng.poisson(p["pass_per_s"] * n / SAMPLE_RATE) + 1):
        length = int(rng.uniform(*p["pass_s"]) * SAMPLE_RATE)
        start = int(rng.integers(-length // 2, n))
        lo, hi = max(start, 0), min(start + length, n)
        if hi <= lo:
            continue
        phase = (np.arange(lo, hi) - start) / length  # 0..1 through the pass-by: a bell-shaped swell
        passes[lo:hi] += np.exp(-((phase - 0.5) / 0.15) ** 2) * rng.uniform(0.5, 1.0)
    return rumble + 1.5 * _noise(n, p["tyre_hz"], rng) * passes


def crowd(n, p, rng):
    out = np.zeros(n)
    for _ in range(p["voices"]):
        # each voice's syllable envelope |sin(π ∫ rate)|², worked in place (a bed's seconds of samples per step)
        syllables = rng.uniform(0.6, 1.4, n)
        syllables *= p["syllables_per_s"]
        syllables /= SAMPLE_RATE
        np.cumsum(syllables, out=syllables)
        syllables *= np.pi
        np.square(np.sin(syllables, out=syllables), out=syllables)  # the square of |x| is x's
        talking = _slow(n, 0.3, rng) > 0.4  # each voice pauses now and then
        bands = iter(p["formants_hz"])
        voiced = _noise(n, next(bands), rng)
        for band in bands:
            voiced += _noise(n, band, rng)
        voiced *= syllables
        voiced *= talking
        out += voiced
    return out


def wind(n, p, rng):
    gusts = _slow(n, p["gust_per_s"], rng, 0.8) ** 2
    body = _noise(n, p["band_hz"], rng) * gusts
    centre = np.mean(p["whistle_hz"])
    whistle = sosfilt(butter(2, [centre * 0.95 / 24000, centre * 1.05 / 24000], btype="band", output="sos"),
                      rng.standard_normal(n)) * gusts ** 2
    return body + 0.5 * whistle


def rain(n, p, rng):
    hiss = _noise(n, p["band_hz"], rng)
    drops = sosfilt(_band(*p["drop_band_hz"]), _drops(n, p["drops_per_s"], _decay_kernel(p["drop_decay_s"]), rng))
    return 0.5 * hiss / (hiss.std() + 1e-12) + drops / (drops.std() + 1e-12)


def drips(n, p, rng):
    out = np.zeros(n)
    kernel_t = np.arange(int(5 * p["drop_decay_s"] * SAMPLE_RATE)) / SAMPLE_RATE
    for start in rng.integers(0, n, rng.poisson(p["drops_per_s"] * n / SAMPLE_RATE)):
        f0 = rng.uniform(*p["drop_hz"])  # a drop's bubble rises in pitch as it shrinks (Minnaert)
        blip = np.sin(2 * np.pi * f0 * kernel_t * (1 + 2 * kernel_t)) * np.exp(-kernel_t / p["drop_decay_s"])
        end = min(n, start + len(blip))
        out[start:end] += rng.uniform(0.3, 1) * blip[: end - start]
    return out


def birds(n, p, rng):
    out = np.zeros(n)
    for start in rng.integers(0, n, rng.poisson(p["calls_per_s"] * n / SAMPLE_RATE)):
        f0, at = rng.uniform(*p["chirp_hz"]), int(start)
        for _ in range(int(rng.integers(*p["notes"]))):
            length = rng.uniform(*p["chirp_s"])
            t = np.arange(int(length * SAMPLE_RATE)) / SAMPLE_RATE
            sweep = f0 * (1 + rng.uniform(-0.3, 0.3) * t / length)
            note = np.sin(2 * np.pi * np.cumsum(sweep) / SAMPLE_RATE) * np.sin(np.pi * t / length) ** 2
            end = min(n, at + len(note))
            if end > at:
                out[at:end] += note[: end - at]
            at += len(note) + int(rng.uniform(0.03, 0.1) * SAMPLE_RATE)
    return out


def river(n, p, rng):
    flow = _noise(n, p["band_hz"], rng) * _slow(n, 2.0, rng, 0.3)
    return flow / (flow.std() + 1e-12) + 0.6 * drips(n, {"drops_per_s": p["bubbles_per_s"], "drop_hz": p["bubble_hz"],
                                                          "drop_decay_s": p["bubble_decay_s"]}, rng) / 3


def surf(n, p, rng):
    period = rng.uniform(*p["wave_period_s"])
    t = np.arange(n) / SAMPLE_RATE + rng.uniform(0, period)
    swell = (0.5 + 0.5 * np.sin(2 * np.pi * t / period)) ** 3
    return _noise(n, p["band_hz"], rng) * (0.2 + swell)


def steam(n, p, rng):
    return _noise(n, p["band_hz"], rng) * _slow(n, p["flutter_per_s"], rng, 0.4)


def crackle(n, p, rng):
    return sosfilt(_band(*p["pop_band_hz"]), _drops(n, p["pops_per_s"], _decay_kernel(0.002), rng, (0.1, 1.0)))


BEDS = {"room_tone": room_tone, "hum": hum, "neon": hum, "traffic": traffic, "crowd": crowd, "wind": wind,
        "rain": rain, "drips": drips, "birds": birds, "river": river, "surf": surf, "steam": steam,
        "crackle": crackle}
CENTRED = ("hum", "neon")  # mains hum comes from one fixture, not a diffuse field


def ambience_bed(levels: dict[str, float], n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 2) float64 stereo bed: each named bed at its RMS level."""
    out = np.zeros((n, 2))
    if n == 0:
        return out
    params = ambience_table()["beds"]
    for name, level_db in levels.items():
        make = BEDS[name]
        channels = [make(n, params[name], rng)] * 2 if name in CENTRED else [make(n, params[name], rng) for _ in range(2)]
        bed = np.stack(channels, axis=1)
        out += bed * (10 ** (level_db / 20) / (np.sqrt(np.mean(bed ** 2)) + 1e-12))
    return out
