"""Field-by-field accuracy on prompts the parser was not written against (issue #3's target: ≥ 95%)."""

from __future__ import annotations


from language_fields import score
from language_fresh import FRESH
from language_heldout import HELDOUT

# Regression floors. Measured by `pytest -s` on this file: 439/448 = 98.0 % and 144/150 = 96.0 % at stop 13; at
# the start of stop 23, 433/448 = 96.7 % and 141/150 = 94.0 % (places, casts and open actions read since); now
# 434/448 = 96.9 % and 142/150 = 94.7 % after correcting two annotations made before the pirouette existed ("a dancer
# spins" was annotated idle). Issue #3's target for the held-out set is 95 %.
TARGET = 0.96
# The second fresh set was measured once, untuned, as the estimate for unseen prompts.
FRESH_FLOOR = 0.94


def test_heldout_prompts_reach_the_target_field_accuracy():
    right, total, misses = score(HELDOUT)
    accuracy = right / total
    print(f"\nheld-out: {len(HELDOUT)} prompts, {right}/{total} fields right = {accuracy:.1%}")
    print("\n".join(misses))
    assert len(HELDOUT) >= 120 and accuracy >= TARGET, f"{accuracy:.1%} < {TARGET:.0%}:\n" + "\n".join(misses)


def test_fresh_prompts_measured_untuned_stay_above_the_floor():
    right, total, misses = score(FRESH)
    accuracy = right / total
    print(f"\nfresh: {len(FRESH)} prompts, {right}/{total} fields right = {accuracy:.1%}")
    print("\n".join(misses))
    assert len(FRESH) >= 40 and accuracy >= FRESH_FLOOR, f"{accuracy:.1%} < {FRESH_FLOOR:.0%}:\n" + "\n".join(misses)
