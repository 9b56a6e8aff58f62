"""Speech from text with espeak-ng (libespeak-ng through ctypes), with word and phoneme timings.

espeak-ng reports each word and phoneme with the absolute sample index where it starts in the
generated audio, so the timings are exact to the engine's own output. Phonemes are espeak-ng's
ASCII mnemonics (n, 0, t, @, eI, oU, _: for a pause, …), which motion/extremities/face.py maps to visemes.
Each line is spoken by a fresh engine process (see _run_engine); results are cached because the
face rig and the mixer ask for the same line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from cinemotion.errors import InputError
from cinemotion.spec.models import Voice

SAMPLE_RATE = 48000  # format: the soundtrack's sample rate (notes/CONTRACTS.md: Soundtrack.sample_rate)
PAUSE_PHONEMES = ("_", "_:", "_!", "_|")
ENGINE_SCRIPT = Path(__file__).with_name("espeak_engine.py")


@dataclass(frozen=True)
class Utterance:
    """A spoken line: mono samples and what is said when (seconds from the first sample)."""

    samples: np.ndarray  # float32 (n,), -1..1
    sample_rate: int
    phonemes: tuple[tuple[float, float, str], ...]  # (start_s, end_s, espeak-ng mnemonic)
    words: tuple[tuple[float, float, str], ...]  # (start_s, end_s, word as written)

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def _run_engine(text: str, voice: Voice) -> tuple[np.ndarray, int, list]:
    """Synthesise in a fresh process: libespeak-ng keeps state between utterances (its pitch flutter
    phase runs on), so only a fresh engine gives the same samples for the same line every time."""
    request = json.dumps({"text": text, "variant": voice.variant, "pitch": voice.pitch, "rate_wpm": voice.rate_wpm})
    done = subprocess.run([sys.executable, str(ENGINE_SCRIPT)], input=request.encode(), capture_output=True,
                          timeout=60, check=False)
    if done.returncode == 3:
        raise InputError("voice.variant", f"espeak-ng has no voice {voice.variant!r} (try en-us, en-gb, en-us+f3)")
    if done.returncode != 0:
        raise RuntimeError(f"espeak-ng failed: {done.stderr.decode(errors='replace').strip()}")
    header, _, pcm = done.stdout.partition(b"\n")
    meta = json.loads(header)
    return np.frombuffer(pcm, dtype="<i2"), meta["sample_rate"], meta["events"]


def synthesize(text: str, voice: Voice) -> Utterance:
    """Speak `text` with `voice` (variant, pitch, rate): the same text and voice give identical samples."""
    if voice.engine != "espeak-ng":
        raise InputError("voice.engine", f"{voice.engine} is not available offline here; use espeak-ng")
    if not text.strip():
        raise InputError("action.text", "a speak action needs a line to say")
    return _synthesize(text.strip(), voice.variant, voice.pitch, voice.rate_wpm)


@lru_cache(maxsize=256)
def _synthesize(text: str, variant: str, pitch: int, rate_wpm: int) -> Utterance:
    pcm, native, events = _run_engine(text, Voice(variant=variant, pitch=pitch, rate_wpm=rate_wpm))
    samples = resample_poly(pcm.astype(np.float64) / 32768.0, SAMPLE_RATE, native).astype(np.float32)
    samples.setflags(write=False)
    end_s = len(pcm) / native
    phonemes = _phoneme_spans([(s / native, name) for kind, s, _, _, name in events if kind == "phoneme"], end_s)
    words = _word_spans(text, [(s / native, pos, length) for kind, s, pos, length, _ in events if kind == "word"],
                        phonemes, end_s)
    return Utterance(samples=samples, sample_rate=SAMPLE_RATE, phonemes=phonemes, words=words)


def _phoneme_spans(starts: list[tuple[float, str]], end_s: float) -> tuple[tuple[float, float, str], ...]:
    """Each phoneme lasts until the next begins; the last until the audio ends. Empty spans are dropped."""
    spans = []
    for i, (t0, name) in enumerate(starts):
        t1 = starts[i + 1][0] if i + 1 < len(starts) else end_s
        if t1 > t0:
            spans.append((t0, t1, name))
    return tuple(spans)


def _word_spans(text: str, starts: list[tuple[float, int, int]], phonemes, end_s: float):
    """A word runs from its event to the next pause or the next word, whichever comes first."""
    pauses = [t0 for t0, _, name in phonemes if name in PAUSE_PHONEMES]
    spans = []
    for i, (t0, position, length) in enumerate(starts):
        word = text[position - 1: position - 1 + length].strip()
        if not word:
            continue
        following = [t for t in pauses if t > t0] + [starts[i + 1][0] if i + 1 < len(starts) else end_s]
        t1 = max(min(following), t0)
        if t1 > t0:
            spans.append((t0, t1, word))
    return tuple(spans)
