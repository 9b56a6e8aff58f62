"""Characters from reference images: a real photograph, a render of our own character, refused uploads."""


import numpy as np
import pytest

from cinemotion.language import complete
from cinemotion.language.reference import MAX_IMAGES, check_uploads
from cinemotion.core.color import hex_to_rgb, srgb_to_lab
from cinemotion.errors import InputError


def _hue_deg(lab: np.ndarray) -> float:
    return float(np.degrees(np.arctan2(lab[2], lab[1])) % 360)


def _hue_gap(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def test_more_than_four_images_are_refused(tmp_path):
    paths = []
    for k in range(MAX_IMAGES + 1):
        paths.append(tmp_path / f"view{k}.png")
        paths[-1].write_bytes(b"\x89PNG")
    with pytest.raises(InputError) as err:
        check_uploads(paths)
    assert err.value.field == "reference_images"
    with pytest.raises(InputError, match="not an image type"):
        check_uploads([tmp_path / "notes.txt"])


def test_astronaut_photograph_reads_an_orange_suit_and_plausible_body(tmp_path):
    pytest.importorskip("mediapipe")
    data = pytest.importorskip("skimage.data")
    from cinemotion.language.reference import character_from_images, read_references
    from cinemotion.render.still import write_png

    photo = tmp_path / "astronaut.png"
    write_png(photo, data.astronaut())
    reading = read_references([data.astronaut()], rng=np.random.default_rng(0))
    suit = reading.colors_lab["torso"]  # NASA's launch-and-entry suit: orange
    assert 30 <= _hue_deg(suit) <= 70 and np.hypot(suit[1], suit[2]) > 40, f"suit Lab {suit}"
    skin = reading.colors_lab["face"]
    assert skin[0] > 60 and 0 < skin[1] < 30, f"skin Lab {skin}"
    assert 0.28 <= reading.segments_m["shoulder_breadth"] <= 0.45, reading.segments_m
    assert 0.22 <= reading.segments_m["upper_arm"] <= 0.36, reading.segments_m
    assert "legs" not in reading.colors_lab  # a portrait shows no legs; the description's stay
    character = character_from_images([photo], character_id="eileen", description="a woman with grey trousers",
                                      rng=np.random.default_rng(0))
    assert character.hair_style == "short"
    assert character.clothing.top_color == reading.color_hex("torso") or \
        _hue_gap(_hue_deg(srgb_to_lab(hex_to_rgb(character.clothing.top_color))), _hue_deg(suit)) < 10
    assert character.reference_images == [str(photo)]


def test_render_of_our_character_gives_back_its_clothing_colours():
    pytest.importorskip("mediapipe")
    from cinemotion.language.reference import read_references
    from cinemotion.direct import direct
    from cinemotion.pipeline import perform_plan
    from cinemotion.render.still import render_still
    from cinemotion.spec.models import Action, Actor, CameraMove, Character, Clothing, Shot, Storyboard

    kit = Character(id="kit", height_m=1.75, clothing=Clothing(top_color="#2f7d3a", bottom_color="#3a3f8f",
                                                                 shoes_color="#e8e8e8"))
    shot = Shot(id="still", duration_s=0.5, shot_type="full_body", camera=[CameraMove(move="static")],
                actors=[Actor(id="kit", character="kit", actions=[Action(kind="idle", verb="idle")])])
    plan = direct(complete(Storyboard(seed=1, width=320, height=480, characters=[kit], shots=[shot])))
    performances, cameras = perform_plan(plan)
    rgb = render_still(plan.shots[0], performances[0], cameras[0], 0)
    reading = read_references([rgb], rng=np.random.default_rng(0))
    for region, colour in (("torso", kit.clothing.top_color), ("legs", kit.clothing.bottom_color)):
        want, got = srgb_to_lab(hex_to_rgb(colour)), reading.colors_lab[region]
        # shading darkens cloth; its hue is the cloth's
        assert _hue_gap(_hue_deg(got), _hue_deg(want)) < 20, f"{region}: got Lab {got}, drawn {want}"
    shoes = reading.colors_lab["feet"]
    assert np.linalg.norm(shoes - srgb_to_lab(hex_to_rgb(kit.clothing.shoes_color))) < 10, f"shoes Lab {shoes}"
    # thigh over shoulder breadth: 0.245 H / 0.259 H in anthropometry.yaml (Winter 2009 Fig. 4.1)
    thigh_to_shoulders = reading.segments_m["thigh"] / reading.segments_m["shoulder_breadth"]
    assert abs(thigh_to_shoulders / (0.245 / 0.259) - 1) < 0.3, reading.segments_m
