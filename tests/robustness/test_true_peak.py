"""The soundtrack a player decodes from the MP4 stays at or under -1 dBTP, at the loudness target."""

import subprocess
import sys
import json

import pytest

from cinemotion.audio.loudness import CEILING_DBTP, TARGET_LUFS, integrated_loudness, true_peak_dbtp
from cinemotion.media.aac import decoded_samples

PROMPTS = {
    "garage jog": "A man jogging across a concrete parking garage",  # issue 19: +1.6 dBTP before
    "demo": "A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, "
            "tracking shot following the athlete, cinematic depth of field, 4-second duration",
}


@pytest.mark.parametrize("name", PROMPTS)
def test_decoded_aac_is_under_the_true_peak_ceiling(name, tmp_path):
    result = subprocess.run([sys.executable, "-m", "cinemotion.cli", "render", PROMPTS[name], "-o", "film.mp4",
                             "--size", "160x90", "--fps", "12", "--duration", "3", "--seed", "7", "--no-controls"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    audio = decoded_samples(tmp_path / "film.mp4")
    peak, loudness = true_peak_dbtp(audio), integrated_loudness(audio, 48000)
    assert peak <= CEILING_DBTP, f"decoded AAC true peak {peak:.2f} dBTP, ceiling {CEILING_DBTP} dBTP"
    assert abs(loudness - TARGET_LUFS) < 1.5, f"decoded loudness {loudness:.1f} LUFS, target {TARGET_LUFS}"
    recorded = json.loads((tmp_path / "film.cinemotion" / "qa.json").read_text())["audio"]
    assert abs(recorded["true_peak_dbtp"] - peak) < 0.05, (recorded, peak)
    assert not list(tmp_path.glob("film.cinemotion/.film.m4a"))
