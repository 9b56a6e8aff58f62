"""The language stage: motion prompts → Storyboard (lexicon + rules, no network), and the prompt coach."""

from cinemotion.language.character import describe_character
from cinemotion.language.coach import Advice, Diagnostic, coach, coaching
from cinemotion.language.enrich import enrich_storyboard
from cinemotion.language.prompt import parse

__all__ = ["Advice", "Diagnostic", "coach", "coaching", "describe_character", "enrich_storyboard", "parse"]
