"""The virtual cinematographer: shot framing, camera moves and lens → a CameraPath per shot."""

from cinemotion.camera.film import film
from cinemotion.camera.moves import MoveWindow, resolve_moves
from cinemotion.camera.path import CameraPath
from cinemotion.camera.rates import RATES, rate

__all__ = ["RATES", "CameraPath", "MoveWindow", "film", "rate", "resolve_moves"]
