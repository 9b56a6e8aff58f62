"""The spec's closed vocabularies cover every word the language layer produces and the audio layer performs,
so validating a storyboard never refuses what a prompt was parsed into."""

from pathlib import Path

import yaml

from cinemotion.spec.vocabulary import EFFECTS, SURFACES, WEATHER

SRC = Path(__file__).resolve().parents[2] / "src" / "cinemotion"


def _keys(table: dict) -> set[str]:
    return {k for k in table if not k.startswith("_")}


def test_scene_words_resolve_to_known_ground_sky_and_effects():
    scene = yaml.safe_load((SRC / "language" / "scene.yaml").read_text())
    assert _keys(scene["surfaces"]) <= set(SURFACES), _keys(scene["surfaces"]) - set(SURFACES)
    assert _keys(scene["weather"]) <= set(WEATHER), _keys(scene["weather"]) - set(WEATHER)
    assert _keys(scene["effects"]) <= set(EFFECTS), _keys(scene["effects"]) - set(EFFECTS)


def test_every_surface_the_footsteps_know_is_allowed():
    effects = yaml.safe_load((SRC / "audio" / "effects.yaml").read_text())
    known = set(effects["surfaces"]) | set(effects["surface_aliases"])
    assert known <= set(SURFACES), known - set(SURFACES)
