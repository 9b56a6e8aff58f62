"""The audio stage: effects on every event, ambience beds, voices, then a loudness-normalised mix."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from scipy.ndimage import uniform_filter1d
from scipy.signal import resample_poly

from cinemotion.audio.ambience import ambience_bed, ambience_table, bed_levels
from cinemotion.audio.effects import body_mass_kg, effects_table, event_sound
from cinemotion.audio.loudness import master_gain
from cinemotion.audio.reverb import reverberate, room_of
from cinemotion.audio.soundtrack import STEMS, Soundtrack
from cinemotion.audio.spatial import placement
from cinemotion.body.skeleton import JOINTS
from cinemotion.camera.path import CameraPath
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.motion.performance import Performance


class ScoreFigures(Figures):
    effects_gain: Figure[float]
    dialogue_gain: Figure[float]
    dialogue_distance_law: Figure[float]
    run_fade_s: Figure[float]
    speech_window_s: Figure[float]
    speech_threshold: Figure[float]


FIGURES = load_table("audio/score.yaml", ScoreFigures)
SAMPLE_RATE = 48000  # format: the soundtrack's sample rate (notes/CONTRACTS.md: Soundtrack.sample_rate)
EFFECTS_GAIN = FIGURES.effects_gain.value  # headroom so a crowd of simultaneous events rarely needs the limiter
DIALOGUE_GAIN = FIGURES.dialogue_gain.value
DIALOGUE_DISTANCE_LAW = FIGURES.dialogue_distance_law.value  # close-miked: falls off more gently than effects
RUN_FADE_S = FIGURES.run_fade_s.value  # beds of different scenes meet with short fades, never a click
SPEECH_WINDOW_S = FIGURES.speech_window_s.value
SPEECH_THRESHOLD = FIGURES.speech_threshold.value
HEAD = JOINTS.index("head")


def score(plan: Plan, performances: list[Performance], cameras: list[CameraPath], *,
          rng: np.random.Generator) -> Soundtrack:
    """Sound for the whole film on its concatenated clock: stems (effects, ambience, dialogue) and the mix."""
    # 1. Lay the shots end to end on the film clock
    starts = np.concatenate([[0.0], np.cumsum([s.n_frames / s.fps for s in plan.shots])])
    n = int(round(starts[-1] * SAMPLE_RATE))
    stems = {name: np.zeros((n, 2)) for name in STEMS}
    # 2. Every event's sound, its attack on the event's sample, panned to where it happens on screen
    for shot, start, performance, camera in zip(plan.shots, starts, performances, cameras):
        _place_effects(stems["effects"], shot, start, performance, camera, rng)
    # 3. The lines each performance spoke, in their character's voice
    subtitles = []
    for start, performance, camera in zip(starts, performances, cameras):
        subtitles += _place_dialogue(stems["dialogue"], start, performance, camera)
    # 4. The room each shot is in, on everything heard in it (the tail rings on across a cut)
    bounds = np.round(starts * SAMPLE_RATE).astype(int)
    for name in ("effects", "dialogue"):
        dry = stems[name].copy()
        for i, shot in enumerate(plan.shots):
            wet = reverberate(dry[bounds[i]: bounds[i + 1]], room_of(shot.environment.setting), rng)
            _add(stems[name], bounds[i], wet, (1.0, 1.0))
    # 5. Ambience beds, continuous through consecutive shots of one scene, ducked under the voices
    stems["ambience"] = _ambience(plan.shots, n, rng) * _duck_gain(stems["dialogue"])[:, None]
    # 6. Master: one gain curve for every stem, so the stems still sum to the mix
    gain = master_gain(sum(stems.values()), SAMPLE_RATE)[:, None]
    stems = {name: (stem * gain).astype(np.float32) for name, stem in stems.items()}
    mix = (stems["effects"] + stems["ambience"] + stems["dialogue"]).astype(np.float32)
    return Soundtrack(sample_rate=SAMPLE_RATE, mix=mix, stems=stems, subtitles=sorted(subtitles))


def _stretch(sound: np.ndarray, time_scale: float) -> np.ndarray:
    """Slow motion plays a sound slower (lower, longer); quick motion faster."""
    if abs(time_scale - 1.0) < 1e-6:
        return sound
    ratio = Fraction(time_scale).limit_denominator(64)
    return resample_poly(sound, ratio.denominator, ratio.numerator)


def _add(stem: np.ndarray, at: int, sound: np.ndarray, gains: tuple[float, float]) -> None:
    """Add a mono (n,) or stereo (n, 2) sound at sample `at`, cut to the stem's length."""
    lo, hi = max(at, 0), min(at + len(sound), len(stem))
    if hi > lo:
        part = sound[lo - at: hi - at]
        stem[lo:hi] += (part[:, None] if part.ndim == 1 else part) * np.asarray(gains)[None, :]


def _place_effects(stem, shot: ShotPlan, start_s: float, performance: Performance, camera: CameraPath, rng) -> None:
    table = effects_table()
    audible = set(table["events"]) | set(table["footstep_kinds"])
    masses = {a.id: body_mass_kg(a.character.height_m, a.character.build) for a in shot.actors}
    for event in sorted(performance.events, key=lambda e: (e.time_s, e.actor, e.kind, e.side or "")):
        if event.kind not in audible:
            continue
        sound, lead_s = event_sound(event, rng, mass_kg=masses.get(event.actor))
        sound = _stretch(sound, shot.time_scale)
        at = int(round((start_s + event.time_s - lead_s / shot.time_scale) * SAMPLE_RATE))
        _add(stem, at, EFFECTS_GAIN * sound, placement(camera, event.time_s, event.position))


def _place_dialogue(stem, start_s: float, performance: Performance, camera: CameraPath):
    """The lines the performance spoke (its utterances), each at its start, panned to the speaker's head."""
    subtitles = []
    for line in performance.utterances:
        motion = next((m for m in performance.actors if m.actor_id == line.actor), None)
        if motion is not None:
            frame = int(np.clip(round(line.start_s * performance.fps), 0, motion.n_frames - 1))
            gains = placement(camera, line.start_s, motion.joints[frame, HEAD], distance_law=DIALOGUE_DISTANCE_LAW)
        else:
            gains = (np.sqrt(0.5), np.sqrt(0.5))
        t0 = start_s + line.start_s
        _add(stem, int(round(t0 * SAMPLE_RATE)), DIALOGUE_GAIN * line.utterance.samples.astype(np.float64), gains)
        subtitles.append((float(t0), float(t0 + line.utterance.duration_s), line.actor, line.text))
    return subtitles


def _beds(shot: ShotPlan) -> dict[str, float]:
    return bed_levels(shot.environment, shot.look)


def _ambience(shots: list[ShotPlan], n: int, rng) -> np.ndarray:
    """Beds per run of consecutive shots with the same beds; each run plays at its shots' time scales."""
    out = np.zeros((n, 2))
    ends = np.round(np.cumsum([s.n_frames / s.fps for s in shots]) * SAMPLE_RATE).astype(int)
    bounds = np.concatenate([[0], np.minimum(ends, n)])
    runs: list[list[int]] = []
    for i, shot in enumerate(shots):
        if runs and _beds(shots[runs[-1][-1]]) == _beds(shot):
            runs[-1].append(i)
        else:
            runs.append([i])
    fade = int(RUN_FADE_S * SAMPLE_RATE)
    for run in runs:
        lo, hi = bounds[run[0]], bounds[run[-1] + 1]
        if hi <= lo:
            continue
        # read position in the bed's own (real) time: it advances time_scale samples per output sample
        rates = np.concatenate([np.full(bounds[i + 1] - bounds[i], shots[i].time_scale) for i in run])
        read = np.concatenate([[0.0], np.cumsum(rates)[:-1]])
        bed = ambience_bed(_beds(shots[run[0]]), int(np.ceil(read[-1])) + 2, rng)
        source = np.arange(len(bed))
        piece = np.stack([np.interp(read, source, bed[:, c]) for c in range(2)], axis=1)
        ramp = np.minimum(1.0, np.minimum(np.arange(hi - lo) + 1, np.arange(hi - lo)[::-1] + 1) / fade)
        out[lo:hi] = piece * (ramp[:, None] if len(runs) > 1 else 1.0)
    return out


def _duck_gain(dialogue: np.ndarray) -> np.ndarray:
    """Ambience gain (n,): down by duck_db while someone speaks, easing in and out."""
    table = ambience_table()
    speaking = uniform_filter1d(np.abs(dialogue).max(axis=1), int(SPEECH_WINDOW_S * SAMPLE_RATE)) > SPEECH_THRESHOLD
    # the smoothed mask reaches 1 half a window into speech and leaves it half a window after
    amount = np.clip(2 * uniform_filter1d(speaking.astype(float), int(table["duck_smooth_s"] * SAMPLE_RATE)), 0, 1)
    return 10 ** (-table["duck_db"] * amount / 20)
