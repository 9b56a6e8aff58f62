"""The coach's advice is decided once (direct carries it on each ShotPlan); prompt.txt and Kling read that data."""

from cinemotion.language import complete
from cinemotion.backends.kling import compile_requests
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import coached_texts
from cinemotion.spec.models import Action, Actor, Coaching, Shot, Storyboard

TWO_SHOTS = ("Shot 1 (3s): a woman sprints across a rooftop, tracking shot. "
             "Shot 2 (2s): she stops and waves, slow push in.")


def test_prompt_and_negative_bytes_are_those_the_pipeline_wrote_before():
    # The expected texts are what pipeline._write_sidecars wrote when it re-ran the coach itself (commit 4fc6cfc).
    assert coached_texts(direct(parse(TWO_SHOTS))) == (
        "A full body shot of a woman sprinting on a rooftop, clothing and hair rippling in the wind. Tracking shot"
        " following the woman, 3-second duration, bright daylight, sharp shadows.\n\nA medium shot of a woman"
        " standing still, while waving in a studio, fabric shifting subtly with each breath. Slow dolly in,"
        " 2-second duration, studio lighting.\n",
        "deformed hands, distorted anatomy, extra fingers, extra limbs, flickering, foot sliding, morphing, warping\n")
    # rain with no place named is filmed outdoors (language/scene.py EFFECT_SETTING): a city street, not a studio
    assert coached_texts(direct(parse("一个男人在雨中慢慢走路，镜头缓慢推进"))) == (
        "A full body shot of a man in the rain slowly walking slowly through a city street, rain falling around them."
        " Slow dolly in, 5-second duration, soft overcast light.\n", "flickering, morphing, warping\n")


def test_a_refused_prompt_leaves_every_prompt_raw_as_before():
    storyboard = Storyboard(shots=[
        Shot(prompt="a man walks", negative=["blur"],
             actors=[Actor(id="a", actions=[Action(kind="locomotion", verb="walk")])]),
        Shot(id="s2", prompt="intensity 12 a man walks")])  # intensity 12 is outside 1–10: the coach refuses it
    plan = direct(complete(storyboard))
    assert plan.shots[0].coaching is not None and plan.shots[1].coaching is None
    assert coached_texts(plan) == ("a man walks\n\nintensity 12 a man walks\n", "blur\n")


def test_pipeline_and_kling_read_the_carried_coaching_not_the_coach():
    plan = direct(parse(TWO_SHOTS))
    decided = Coaching(prompt="a decided prompt", negative=["decided negative"])
    plan = plan.model_copy(update={"shots": [s.model_copy(update={"coaching": decided}) for s in plan.shots]})
    assert coached_texts(plan) == ("a decided prompt\n\na decided prompt\n", "decided negative\n")
    for request in compile_requests(plan):
        assert "a decided prompt" in str(request["body"]) and "decided negative" in str(request["body"])
