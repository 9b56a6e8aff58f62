"""Audio stage figures on real prompts: time to score, loudness, true peak, onset error per foot strike
and landing, pitch match of one character across shots, and mouth opening vs the speech envelope.

    .venv/bin/python benchmarks/audio_bench.py [--out DIR]   # DIR gets the stems and subtitles to listen to
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from cinemotion.audio import score, write_srt, write_stems
from cinemotion.audio.loudness import integrated_loudness, true_peak_dbtp
from cinemotion.audio.onsets import detect_onsets, onset_errors
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan

PROMPTS = [
    "A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, "
    "tracking shot following the athlete, cinematic depth of field, 4-second duration",
    "A woman walks across a wooden pier in the rain, stops and says 'Not today.', medium shot, 5-second duration",
    "A man jumps over a log in a forest and lands on gravel, full body shot, 3-second duration",
]


def mouth_correlation(plan, performances, soundtrack) -> float | None:
    """Correlation of jaw_open with the dialogue stem's RMS envelope, per frame over speaking shots."""
    jaw, envelope = [], []
    start = 0
    dialogue = soundtrack.stems["dialogue"].astype(float).mean(axis=1)
    for shot, performance in zip(plan.shots, performances):
        hop = soundtrack.sample_rate / shot.fps
        for motion in performance.actors:
            if "jaw_open" in motion.expression and np.ptp(motion.expression["jaw_open"]) > 0:
                frames = np.arange(shot.n_frames)
                rms = [np.sqrt(np.mean(dialogue[int(start + f * hop): int(start + (f + 1) * hop)] ** 2)) for f in frames]
                jaw.append(motion.expression["jaw_open"])
                envelope.append(np.array(rms))
        start += shot.n_frames * soundtrack.sample_rate / shot.fps
    if not jaw:
        return None
    return float(np.corrcoef(np.concatenate(jaw), np.concatenate(envelope))[0, 1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    for k, prompt in enumerate(PROMPTS):
        plan = direct(parse(prompt))
        performances, cameras = perform_plan(plan)
        began = time.perf_counter()
        soundtrack = score(plan, performances, cameras, rng=np.random.default_rng(plan.seed))
        seconds = time.perf_counter() - began
        mix = soundtrack.mix.astype(float)
        offsets = np.concatenate([[0.0], np.cumsum([s.n_frames / s.fps for s in plan.shots])])
        strikes = np.array([o + e.time_s for o, p in zip(offsets, performances) for e in p.events
                            if e.kind in ("foot_strike", "landing")])
        errors = onset_errors(detect_onsets(mix, soundtrack.sample_rate), strikes) * 1000
        print(f"[{k}] {prompt[:70]}…")
        print(f"    {soundtrack.duration_s:.2f} s scored in {seconds:.2f} s ({seconds / soundtrack.duration_s:.2f}x real time)")
        print(f"    loudness {integrated_loudness(mix, soundtrack.sample_rate):.2f} LUFS, "
              f"true peak {true_peak_dbtp(mix):.2f} dBTP")
        if len(strikes):
            print(f"    {len(strikes)} strikes/landings: onset error median {np.median(errors):.1f} ms, "
                  f"max {errors.max():.1f} ms, within 20 ms {np.mean(errors < 20) * 100:.0f}%")
        correlation = mouth_correlation(plan, performances, soundtrack)
        if correlation is not None:
            print(f"    jaw_open vs speech envelope: r = {correlation:.2f}")
        print(f"    subtitles: {soundtrack.subtitles}")
        if args.out:
            write_stems(args.out / f"prompt{k}", soundtrack)
            write_srt(args.out / f"prompt{k}" / "subtitles.srt", soundtrack.subtitles)


if __name__ == "__main__":
    main()
