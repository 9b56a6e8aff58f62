"""plan.json records what was decided and how it was rendered: the seed, the render options and the versions."""

import json

import numpy as np

from cinemotion.language import complete
from cinemotion import __version__
from cinemotion.backends.exports import load_storyboard_of
from cinemotion.pipeline import RenderOptions, render_storyboard
from cinemotion.spec.models import Action, Actor, Shot, Storyboard


def test_plan_json_records_seed_options_and_versions_and_reads_back(tmp_path):
    storyboard = Storyboard(seed=23, fps=12, width=160, height=90, shots=[Shot(duration_s=0.5, actors=[
        Actor(id="ann", actions=[Action(kind="locomotion", verb="walk")])])])
    result = render_storyboard(storyboard, tmp_path / "out.mp4", options=RenderOptions(workers=1, controls=False))
    record = json.loads((result.sidecars / "plan.json").read_text())
    assert record["seed"] == 23 and record["shots"][0]["seed"] == result.plan.shots[0].seed
    assert record["render"] == {"width": 160, "height": 90, "fps": 12, "scale": None, "workers": 1,
                                "controls": False, "controls_size": None, "backend": "procedural"}
    assert record["versions"]["cinemotion"] == __version__ and record["versions"]["numpy"] == np.__version__
    assert record["versions"]["ffmpeg"]  # e.g. "n9.0.2-17-g2a571b6068-20260930", as FFmpeg names its builds
    # `cinemotion export` reads it back, and the language stage decides the same facts from it again
    assert complete(load_storyboard_of(result.sidecars / "plan.json")) == result.plan.storyboard
