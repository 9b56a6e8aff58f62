"""The Soundtrack record and its files: WAV stems, the mix, and SRT subtitles (atomic writes)."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

STEMS = ("effects", "ambience", "dialogue")


@dataclass
class Soundtrack:
    sample_rate: int
    mix: np.ndarray  # (N, 2) float32, the sum of the stems
    stems: dict[str, np.ndarray]  # effects, ambience, dialogue: (N, 2) float32 each
    subtitles: list[tuple[float, float, str, str]] = field(default_factory=list)  # (start_s, end_s, actor, text)

    @property
    def duration_s(self) -> float:
        return len(self.mix) / self.sample_rate


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.partial")
    try:
        write(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def write_wav(path: Path, audio: np.ndarray, sample_rate: int) -> None:
    """16-bit PCM WAV of (n, channels) float audio in -1..1, written atomically."""
    pcm = np.round(np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")

    def write(temp: Path) -> None:
        with wave.open(str(temp), "wb") as out:
            out.setnchannels(pcm.shape[1])
            out.setsampwidth(2)
            out.setframerate(sample_rate)
            out.writeframes(pcm.tobytes())

    _atomic_write(Path(path), write)


def write_stems(directory: Path, soundtrack: Soundtrack) -> None:
    """effects.wav, ambience.wav, dialogue.wav and mix.wav in `directory`."""
    directory = Path(directory)
    for name in STEMS:
        write_wav(directory / f"{name}.wav", soundtrack.stems[name], soundtrack.sample_rate)
    write_wav(directory / "mix.wav", soundtrack.mix, soundtrack.sample_rate)


def _srt_time(seconds: float) -> str:
    ms = int(round(max(seconds, 0.0) * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def srt_text(subtitles: list[tuple[float, float, str, str]]) -> str:
    blocks = [f"{i}\n{_srt_time(start)} --> {_srt_time(end)}\n{text}\n"
              for i, (start, end, _actor, text) in enumerate(sorted(subtitles), start=1)]
    return "\n".join(blocks)


def write_srt(path: Path, subtitles: list[tuple[float, float, str, str]]) -> None:
    """SubRip subtitles: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the line, a blank line."""
    _atomic_write(Path(path), lambda temp: temp.write_text(srt_text(subtitles), encoding="utf-8"))
