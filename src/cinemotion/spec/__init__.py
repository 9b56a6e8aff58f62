"""The data model of the user's request (pydantic), its vocabulary, and YAML/JSON io."""

from cinemotion.spec.io import dump_storyboard, load_storyboard, storyboard_from_dict, storyboard_schema
from cinemotion.spec.models import (
    MAX_DURATION_S, Action, Actor, CameraMove, Character, Clothing, Environment, Look,
    MotionBrush, Prop, Shot, Storyboard, Voice,
)
from cinemotion.spec.vocabulary import category_of

__all__ = [
    "Action", "Actor", "CameraMove", "Character", "Clothing", "Environment", "Look", "MotionBrush",
    "Prop", "Shot", "Storyboard", "Voice", "MAX_DURATION_S", "category_of", "dump_storyboard",
    "load_storyboard", "storyboard_from_dict", "storyboard_schema",
]
