"""A render stopped part-way leaves nothing behind: no final name, no temporaries (SIGTERM), and the
temporaries of a SIGKILLed run are cleaned by the next run to the same name."""

import signal
import subprocess
import sys
import time
from pathlib import Path

CLI = [sys.executable, "-m", "cinemotion.cli"]
PROMPT = "A woman jogging through a park, tracking shot"
ARGS = ["--size", "160x90", "--fps", "24", "--duration", "6", "--seed", "2"]


def _start(cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "render", PROMPT, "-o", "film.mp4", *ARGS], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_temporaries(proc: subprocess.Popen, cwd: Path, timeout_s: float = 120) -> list[Path]:
    """Wait until the render is writing (its temporaries exist), so the signal lands mid-render."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = list(cwd.glob(".film*.part"))
        if len(found) >= 2 and list(found[0].parent.glob(".film.cinemotion.*.part/audio/*.wav")):
            return found
        assert proc.poll() is None, f"the render ended before it could be stopped: {proc.communicate()[1]}"
        time.sleep(0.05)
    raise AssertionError("the render never started writing")


def test_sigterm_mid_render_leaves_nothing(tmp_path):
    proc = _start(tmp_path)
    _wait_for_temporaries(proc, tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [], f"left behind after SIGTERM: {left}"


def test_the_next_run_cleans_what_a_sigkilled_run_left(tmp_path):
    proc = _start(tmp_path)
    stale = _wait_for_temporaries(proc, tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    assert all(p.exists() for p in stale), "SIGKILL cannot clean up; the test needs its leftovers"
    rerun = subprocess.run([*CLI, "render", PROMPT, "-o", "film.mp4", *ARGS[:4], "--duration", "1",
                            "--no-controls"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film.cinemotion", "film.mp4"]
