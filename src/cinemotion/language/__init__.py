"""The language stage: motion prompts → Storyboard (lexicon + rules, no network), and the prompt coach."""

from cinemotion.language.character import describe_character
from cinemotion.language.coach import Advice, Diagnostic, coach, coaching
from cinemotion.language.complete import complete
from cinemotion.language.enrich import enrich_storyboard
from cinemotion.language.prompt import parse

__all__ = ["Advice", "Diagnostic", "coach", "coaching", "complete", "describe_character", "enrich_storyboard", "parse"]
