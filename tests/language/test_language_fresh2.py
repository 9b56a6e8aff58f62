"""The third fresh set (language_fresh2.py: 30 English, 30 Chinese prompts) field by field, and the misreadings
found on it, each as the mechanism it exposed.

Measured on 2026-12-03 before the fixes of this pass: English 117/145 = 80.7 %, Chinese 109/143 = 76.2 %
(226/288 = 78.5 %); after: English 144/145 = 99.3 %, Chinese 143/143 = 100 % (printed by `pytest -s`).
"""

from __future__ import annotations

from cinemotion.language import parse

from language_fields import score
from language_fresh2 import FRESH2, FRESH2_EN, FRESH2_ZH

FLOOR = 0.95  # the accuracy after this pass (see the module docstring) less a margin for unrelated parser changes


def test_fresh2_prompts_stay_above_the_floor_in_both_languages():
    assert len(FRESH2_EN) == 30 and len(FRESH2_ZH) == 30
    for name, cases in (("English", FRESH2_EN), ("Chinese", FRESH2_ZH)):
        right, total, misses = score(cases)
        print(f"\nfresh2 {name}: {right}/{total} fields right = {right / total:.1%}")
        print("\n".join(misses))
        assert right / total >= FLOOR, f"{name}: {right / total:.1%} < {FLOOR:.0%}:\n" + "\n".join(misses)
    assert FRESH2 == FRESH2_EN + FRESH2_ZH


def test_a_chinese_verb_glossed_as_several_words_is_not_read_as_its_own_subject():
    """匍匐前进 → "belly crawls": 'belly' is part of the verb, the firefighter (消防员, an agent noun) crawls."""
    shot = parse("一名消防员在浓烟弥漫的仓库里匍匐前进，然后站起来挥手，低角度跟拍，8秒").shots[0]
    assert [a.id for a in shot.actors] == ["firefighter"], [a.id for a in shot.actors]
    actor = shot.actors[0]
    assert "belly" not in actor.description, actor.description
    assert [a.verb for a in actor.actions] == ["belly_crawl", "get_up", "wave"], [a.verb for a in actor.actions]
    assert any("get_up" in n for n in shot.notes)  # 站起来 after a crawl rises from the ground, and says so
    assert "fog" in shot.environment.effects and any("浓烟" in n and "fog" in n for n in shot.notes), shot.notes


def test_an_unlisted_chinese_agent_noun_is_a_person():
    """快递员 (jieba: 快递 + 员) and 焊工 name people though the lexicon lists neither word."""
    for prompt in ("一名外卖小哥快递员骑自行车穿过街道", "一名焊工在车间里焊接钢梁"):
        shot = parse(prompt).shots[0]
        assert len(shot.actors) == 1 and shot.actors[0].id in ("courier", "welder", "person"), prompt
    assert parse("一名焊工在车间里焊接钢梁").shots[0].actors[0].actions[0].verb == "grind"


def test_chinese_serial_verbs_are_both_performed():
    """坐在门口剥豆子: sits at the door AND shells beans (Chinese lines verbs up without a conjunction)."""
    actions = parse("一位老爷爷坐在门口剥豆子，10秒").shots[0].actors[0].actions
    assert [a.verb for a in actions][-1] == "peel", [(a.kind, a.verb) for a in actions]


def test_kneading_and_wiping_hands_are_hand_work_never_window_washing():
    shot = parse("A grandmother kneads dough on a wooden counter in a cozy farmhouse kitchen, then wipes her hands "
                 "on her apron, handheld close-up, warm morning light").shots[0]
    actions = shot.actors[0].actions
    assert [(a.verb, a.performer) for a in actions] == [("knead", "procedural:hand_work"),
                                                        ("wipe_hands", "procedural:hand_work")]
    assert not any("ignored" in n for n in shot.notes), shot.notes
    assert any(n.startswith("knead: approximated as hand work") for n in shot.notes), shot.notes


def test_a_described_light_is_lit_by_the_nearest_preset_and_says_so():
    cases = [("A man walks, warm morning light", "golden_hour"), ("A man walks, soft afternoon light", "overcast"),
             ("A man walks on a cold gray morning", "overcast"), ("A man walks, warm kitchen light", "warm_interior"),
             ("一个男人在走路，清晨的阳光", "golden_hour")]
    for prompt, preset in cases:
        shot = parse(prompt).shots[0]
        assert shot.look.lighting == preset, (prompt, shot.look.lighting)
        assert any(n.startswith("lighting:") and preset in n for n in shot.notes), (prompt, shot.notes)
    exact = parse("A man walks, warm golden light").shots[0]  # a preset's own phrase: no approximation
    assert exact.look.lighting == "golden_hour" and not any(n.startswith("lighting:") for n in exact.notes)


def test_a_possessed_noun_is_not_a_verb():
    """"a man's hands shuffling": 'hands' after 's is a noun, not an action (it once became wipe_hands)."""
    actor = parse("Close-up of an elderly man's hands shuffling a deck of cards slowly").shots[0].actors[0]
    assert [a.verb for a in actor.actions] == ["shuffle_cards"]


def test_chinese_words_no_table_reads_are_named_in_a_note():
    """A Chinese word the lexicon lacks is left out of the plan, and the plan says which ('表演', 'perform')."""
    shot = parse("一名杂技演员在广场上表演，全景").shots[0]
    assert any(n.startswith("not read:") and "表演" in n for n in shot.notes), shot.notes
    assert [a.id for a in shot.actors] == ["acrobat"]  # 杂技演员: named from its gloss (fresh3)


def test_a_dropped_chinese_place_leaves_no_preposition_in_the_verbs_slot():
    """在黑板上写字: with 黑板 unread, a dangling 'in' once held the verb's slot and 写字 was lost."""
    assert [a.verb for a in parse("一位老师在讲台上写字").shots[0].actors[0].actions] == ["write"]
