"""Independent measurements on exported joints and landmarks (no access to the generator's parameters)."""

from __future__ import annotations

import numpy as np


def dominant_hz(signal: np.ndarray, fps: float, low_hz: float = 0.3) -> float:
    """Frequency of the strongest spectral peak above `low_hz` (detrended, Hann-windowed, zero-padded)."""
    x = signal - np.polyval(np.polyfit(np.arange(len(signal)), signal, 2), np.arange(len(signal)))
    n = 8 * len(x)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)), n))
    freqs = np.fft.rfftfreq(n, 1.0 / fps)
    spectrum[freqs < low_hz] = 0.0
    return float(freqs[np.argmax(spectrum)])


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame ranges where mask is true."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]))


def eye_aperture(face: np.ndarray) -> np.ndarray:
    """Mean upper-to-lower lid distance of both eyes (F,), from face-70 landmarks."""
    pairs = [(37, 41), (38, 40), (43, 47), (44, 46)]
    return np.mean([np.linalg.norm(face[:, a] - face[:, b], axis=1) for a, b in pairs], axis=0)


def mouth_opening(face: np.ndarray) -> np.ndarray:
    """Inner-lip gap at the midline (F,)."""
    return np.linalg.norm(face[:, 62] - face[:, 66], axis=1)
