"""The film's AAC soundtrack, encoded so that what a player decodes stays under the true-peak ceiling.

The mix is limited as PCM (audio/loudness.py), but AAC's quantisation and band-limiting add overshoot on
transients: a PCM mix at -1.3 dBTP decoded at -0.6 to -0.8 dBTP (a jog in a parking garage, the neon sprint,
192 kb/s), and issue 19's probe measured +1.6 dBTP. So the encoded stream is decoded, its true peak
measured (4x oversampled, BS.1770-4 annex 2) and, where it is over the ceiling, the mix is re-encoded with
the gain that brings it under.
"""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.audio.loudness import CEILING_DBTP, MARGIN_DB, limiter_gain, true_peak_dbtp
from cinemotion.audio.soundtrack import Soundtrack

BITRATE = "192k"


class AacFigures(Figures):
    reaim_margin_db: Figure[float]


FIGURES = load_table("media/aac.yaml", AacFigures)
# lower the limiter's ceiling this much past the measured overshoot on a re-encode: the codec's overshoot
# itself moves by ~0.1 dB when the peaks it rides on change
REAIM_MARGIN_DB = FIGURES.reaim_margin_db.value
MAX_ENCODES = 8  # one re-aimed peak limiting, then flat gain steps until the decoded peak is under the ceiling


@dataclass(frozen=True)
class EncodedAudio:
    path: Path
    extra_limiting_db: float  # how far under the PCM ceiling the peaks were limited for the codec
    true_peak_dbtp: float  # of the decoded AAC


def decoded_samples(path: Path) -> np.ndarray:
    """The first audio stream of `path` decoded to float (N, channels)."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray() for f in container.decode(audio=0)]
    planar = np.concatenate(frames, axis=1) if frames else np.zeros((2, 0), np.float32)
    return planar.T.astype(np.float64)


def _encode(mix: np.ndarray, sample_rate: int, out: Path) -> None:
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
           "-f", "f32le", "-ar", str(sample_rate), "-ac", str(mix.shape[1]), "-i", "pipe:0",
           "-c:a", "aac", "-b:a", BITRATE, "-f", "mp4", str(out)]
    done = subprocess.run(cmd, input=np.ascontiguousarray(mix, dtype="<f4").tobytes(), capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed encoding {out}: {done.stderr.decode(errors='replace').strip()}")


def encode_aac(soundtrack: Soundtrack, out: Path,
               ceiling_dbtp: float = CEILING_DBTP) -> tuple[Soundtrack, EncodedAudio]:
    """Encode the mix to AAC at `out` (an .m4a) with its decoded true peak at or under `ceiling_dbtp`.

    Returns the soundtrack as encoded (mix and stems through the same extra peak limiting, so the stems
    still sum to the mix) and what was measured.
    """
    rate, extra_db, flat = soundtrack.sample_rate, 0.0, 1.0
    gain = np.ones(len(soundtrack.mix))
    for attempt in range(MAX_ENCODES):
        mix = soundtrack.mix * (gain[:, None] * flat)
        _encode(mix, rate, out)
        peak = true_peak_dbtp(decoded_samples(out))
        if peak <= ceiling_dbtp:
            break
        overshoot = peak - ceiling_dbtp + REAIM_MARGIN_DB
        if attempt:  # re-aimed limiting was not enough: the codec's overshoot rides on the limited peaks
            flat *= 10 ** (-overshoot / 20)
        else:
            extra_db += overshoot
            gain = limiter_gain(soundtrack.mix, rate, 10 ** ((ceiling_dbtp - MARGIN_DB - extra_db) / 20))
    else:
        raise RuntimeError(f"the AAC soundtrack stayed at {peak:.2f} dBTP after {MAX_ENCODES} encodes")
    curve = (gain * flat)[:, None].astype(np.float32)
    encoded = dataclasses.replace(soundtrack, mix=(soundtrack.mix * curve).astype(np.float32),
                                  stems={k: (v * curve).astype(np.float32) for k, v in soundtrack.stems.items()})
    return encoded, EncodedAudio(path=out, extra_limiting_db=extra_db - 20 * np.log10(flat), true_peak_dbtp=peak)
