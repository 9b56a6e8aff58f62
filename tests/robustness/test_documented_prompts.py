"""Every prompt the README and the motion-prompt guide show renders end to end, and does what it says.

The prompts are read from the documents themselves, so a prompt added to either is covered. Each is
rendered through the CLI at 160x90, 12 fps, compressed to 2 s (--duration keeps every action), and the
result is decoded and measured: frames, sound, and the motion the words ask for.
"""

import re
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import json

from cinemotion.body.skeleton import J

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT.parent / "shared" / "reference" / "motion-prompt-guide.txt"
DURATION_S, FPS = 2.0, 12
# the words of a prompt that ask for a kind of action (the plan must hold it and the render perform it)
ASKS = {"sprinting": "locomotion", "jogging": "locomotion", "limping": "locomotion", "leaping": "jump",
        "gesture": "gesture", "waves": "gesture"}


def readme_prompts() -> list[str]:
    text = (ROOT / "README.md").read_text()
    listed = re.findall(r"^- `([A-Z][^`]+)`$", text, flags=re.M)
    commands = re.findall(r'cinemotion render "([^"]+)"', text)
    return commands + listed


def guide_prompts() -> list[str]:
    text = GUIDE.read_text()
    examples = re.findall(r"^Prompt\n\nOutput\n\n(.+)$", text, flags=re.M)
    fluid = re.findall(r'A fluid, professional prompt would be: "(.+?)"', text)
    return fluid + examples


PROMPTS = list(dict.fromkeys(readme_prompts() + guide_prompts()))


def test_the_documents_show_the_prompts_we_expect_to_render():
    assert len(readme_prompts()) >= 5 and len(guide_prompts()) == 3, (readme_prompts(), guide_prompts())


def _render(prompt: str, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cinemotion.cli", "render", prompt, "-o", str(out),
                           "--size", "160x90", "--fps", str(FPS), "--duration", str(DURATION_S), "--seed", "1",
                           "--no-controls"], capture_output=True, text=True, timeout=300)


def _decode(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with av.open(str(path)) as container:
        frames = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])
    with av.open(str(path)) as container:
        audio = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(audio=0)])
    return frames, audio


@pytest.mark.parametrize("prompt", PROMPTS, ids=[p[:40] for p in PROMPTS])
def test_documented_prompt_renders_what_it_asks(prompt, tmp_path):
    result = _render(prompt, tmp_path / "film.mp4")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    frames, audio = _decode(tmp_path / "film.mp4")
    assert len(frames) == DURATION_S * FPS, f"{len(frames)} frames decoded, expected {DURATION_S * FPS:g}"
    assert frames.std() > 5, "the picture is flat"
    assert np.sqrt(np.mean(audio.astype(float) ** 2)) > 1e-3, "no audible sound"

    side = tmp_path / "film.cinemotion"
    qa = json.loads((side / "qa.json").read_text())
    joints = np.load(side / "joints.npz")
    (actor_id, actor), = list(qa["shots"][0]["actors"].items())[:1]
    # a storyboard prompt asks across its shots ("Shot 2: she stops and waves"): the actor's actions in any shot
    kinds = {a["kind"] for shot in qa["shots"] for a in shot["actors"].get(actor_id, {}).get("actions", [])}
    asked = {kind for word, kind in ASKS.items() if word in prompt.lower()}
    assert asked <= kinds, f"asked for {sorted(asked)}, the plan performs {sorted(kinds)}"

    for action in actor["actions"]:
        if action["kind"] == "locomotion" and "expected" in action:
            measured, expected = action["measured"]["speed_mps"], action["expected"]["speed_mps"]
            assert measured >= 0.6 * expected, f"{action['verb']}: {measured:.2f} m/s, expected ~{expected:.2f}"
    if "jump" in asked:
        flights = qa["jumps_and_interactions"][0]["actors"][actor_id]["flights"]
        assert flights, "a leap was asked for and the body never left the ground"
        assert abs(flights[0]["gravity"] - 9.81) < 1.0 and flights[0]["duration_s"] > 0.2, flights[0]
    if "gesture" in asked:
        wrists = joints[actor_id][:, [J["left_wrist"], J["right_wrist"]]] - joints[actor_id][:, [0]]
        reach = np.ptp(wrists, axis=0).max()
        assert reach > 0.02, f"the hands moved {reach * 100:.1f} cm relative to the pelvis"
