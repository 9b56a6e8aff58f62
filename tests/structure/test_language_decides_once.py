"""Characters, coaching and places are decided once, by the language stage (language.complete); direct reads them.

A storyboard's facts are a pure function of its document: a parsed prompt and the same storyboard read back from
YAML give the same plan.json bytes. Replacing a fact on the completed storyboard changes the plan accordingly, and
direct refuses a storyboard nobody completed rather than deciding those facts itself.
"""

import numpy as np
import pytest
import yaml

from cinemotion.core.seeds import shot_seed
from cinemotion.direct import direct
from cinemotion.language import complete, describe_character, parse
from cinemotion.media.plan_record import write_plan_record
from cinemotion.spec.io import storyboard_from_dict
from cinemotion.spec.models import Character, Coaching

PROMPT = ('Shot 1 (0-2s): a tall man in a green coat walks into a gym and waves. '
          'Shot 2 (2-4s): he says "Hello there." while many people walk about')
STORYBOARD = """
seed: 5
shots:
  - duration_s: 2.0
    prompt: "a stranger waits in the harbour"
    environment: {setting: a rainy harbour, extras: 2}
    actors:
      - id: stranger
        description: an old man with a grey beard and a green coat
        actions: [{kind: idle, verb: idle, start_s: 0.0}]
"""


def _plan_bytes(storyboard, tmp_path, name: str) -> bytes:
    path = tmp_path / f"{name}.json"
    write_plan_record(path, direct(storyboard), {})
    return path.read_bytes()


def test_a_prompt_and_its_storyboard_read_back_decide_the_same_plan(tmp_path):
    parsed = parse(PROMPT)
    read_back = storyboard_from_dict(yaml.safe_load(yaml.safe_dump(parsed.model_dump(mode="json"))))
    assert not read_back.completed  # the document carries what was asked, not what the language stage decided
    assert _plan_bytes(parsed, tmp_path, "parsed") == _plan_bytes(complete(read_back), tmp_path, "read_back")


def test_a_described_actor_is_cast_settled_and_coached_by_the_language_stage():
    storyboard = complete(storyboard_from_dict(yaml.safe_load(STORYBOARD)))
    (shot,) = storyboard.shots
    assert shot.environment.setting != "a rainy harbour" and shot.environment.place == "a rainy harbour"
    expected = describe_character("an old man with a grey beard and a green coat", character_id="stranger",
                                  rng=np.random.default_rng([shot_seed(5, 0), sum(map(ord, "stranger"))]))
    assert shot.facts.cast["stranger"] == expected
    assert shot.facts.coaching is not None and "stranger" in shot.facts.coaching.prompt  # the coach read its prompt
    plan = direct(storyboard)
    assert plan.shots[0].actors[0].character == expected and plan.shots[0].coaching == shot.facts.coaching
    assert [e.character for e in plan.shots[0].extras] == shot.facts.extras[:len(plan.shots[0].extras)]
    assert len(plan.shots[0].extras) == 2 and {c.id for c in shot.facts.extras} == {"extra1", "extra2"}


def test_direct_reads_the_decided_facts_and_decides_none_itself():
    storyboard = complete(storyboard_from_dict(yaml.safe_load(STORYBOARD)))
    shot = storyboard.shots[0]
    giant = Character(id="stranger", height_m=2.1, hair_color="#ff00ff")
    decided = Coaching(prompt="a decided prompt", negative=["decided"])
    shot = shot.with_facts(shot.facts.model_copy(update={"cast": {"stranger": giant}, "coaching": decided}))
    plan = direct(storyboard.model_copy(update={"shots": [shot]}))
    assert plan.shots[0].actors[0].character == giant and plan.shots[0].coaching == decided
    with pytest.raises(ValueError, match="language.complete"):
        direct(storyboard_from_dict(yaml.safe_load(STORYBOARD)))
