"""The motion library: real capture cut into labelled segments (segments.yaml → library.npz), and its player."""

from cinemotion.motion.library.player import layer_actions, layered, perform
from cinemotion.motion.library.props import hold_props
from cinemotion.motion.library.store import Clip, Library, load_library

__all__ = ["Clip", "Library", "hold_props", "layer_actions", "layered", "load_library", "perform"]
