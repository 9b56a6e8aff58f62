"""When each gesture happens: an actor's layered actions → phased, scaled gesture instances.

Pure and deterministic (no randomness), so the face and hands stages can rebuild the same
schedule the body layer used. Phases follow gestures.yaml: preparation → stroke → hold → retraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.errors import InputError
from cinemotion.core import rates
from cinemotion.spec.models import Action

LAYERED_KINDS = ("gesture", "speak", "react")


class ScheduleFigures(Figures):
    chain_gap_s: Figure[float]


FIGURES = load_table("motion/gesture/schedule.yaml", ScheduleFigures)
CHAIN_GAP_S = FIGURES.chain_gap_s.value  # the same gesture again within this gap continues it instead of starting over


@cache
def gesture_table() -> dict:
    return load_table("motion/gesture/gestures.yaml")


@dataclass(frozen=True)
class ScheduledGesture:
    """One gesture placed on the shot clock.

    bounds: (start, stroke start, hold start, retraction start, end) in shot seconds.
    frequency_hz: the stroke's rhythm on the shot clock; amplitude: size multiplier;
    tremor: the emotion's extra shake, degrees at the wrist.
    """

    action: Action
    spec: dict
    bounds: tuple[float, float, float, float, float]
    frequency_hz: float
    amplitude: float
    tremor: float

    def _rate(self, phase: str) -> rates.Rate:
        return rates.rate(self.spec.get("rates", {}).get(phase, "ease_in_out"))

    def envelope(self, times: np.ndarray) -> np.ndarray:
        """0 → 1 through preparation, 1 through stroke and hold, 1 → 0 through retraction."""
        start, stroke, _, retract, end = self.bounds
        rise = self._rate("prepare")((times - start) / max(stroke - start, 1e-6))
        fall = 1 - self._rate("retract")((times - retract) / max(end - retract, 1e-6))
        inside = (times >= start) & (times <= end)
        return np.where(inside, np.minimum(rise, fall), 0.0)

    def stroke_progress(self, times: np.ndarray) -> np.ndarray:
        """0 before the stroke, 1 from its end on (ready pose → stroke pose)."""
        _, stroke, hold, _, _ = self.bounds
        if hold - stroke <= 1e-6:
            return (times >= stroke).astype(float)
        return self._rate("stroke")((times - stroke) / (hold - stroke))

    def cycle_phase(self, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Stroke phase in radians (0 at the stroke's start) and a gain easing the rhythm in and out."""
        _, stroke, _, retract, _ = self.bounds
        phase = 2 * np.pi * self.frequency_hz * np.clip(times - stroke, 0.0, None)
        ramp = 0.25 / max(self.frequency_hz, 1e-6)  # a quarter cycle in, a quarter cycle out
        gain = rates.smooth((times - stroke) / ramp) * rates.smooth((retract - times) / ramp)
        return phase, np.where((times >= stroke) & (times <= retract), gain, 0.0)


def _layered(actor: PlacedActor) -> list[Action]:
    table = gesture_table()["gestures"]
    return [a for a in actor.actions if a.kind in LAYERED_KINDS and (a.verb in table or a.kind == "speak")]


def _modifiers(action: Action, shot: ShotPlan) -> tuple[float, float, float]:
    mods = gesture_table()["modifiers"]
    speed = mods["speed"][action.speed]
    emotion = mods["emotion"].get(action.emotion or "", {})
    lo, hi = mods["intensity_amplitude"]
    intensity = lo + (hi - lo) * (shot.intensity - 1) / 9
    rate = speed["rate"] * emotion.get("rate", 1.0)
    amplitude = speed["amplitude"] * emotion.get("amplitude", 1.0) * intensity
    return rate, amplitude, emotion.get("tremor_deg", 0.0)


def _bounds(timing: dict, start: float, end: float, scale: float, max_hold: float | None,
            prepared: bool, retracted: bool) -> tuple:
    """Phase boundaries: cyclic strokes and `fill` holds stretch to the window; short windows shrink all.

    A gesture continuing the same gesture skips its preparation (`prepared`); one continued by the
    same gesture skips its retraction (`retracted` false), so back-to-back waves don't drop the hand.
    """
    prepare = 0.0 if prepared else timing["prepare"] * scale
    retract = timing["retract"] * scale if retracted else 0.0
    stroke = 0.0 if timing["stroke"] == "cycle" else timing["stroke"] * scale
    hold = 0.0 if timing["hold"] == "fill" else timing["hold"] * scale
    fixed = prepare + stroke + hold + retract
    window = end - start
    if fixed > window:
        k = window / max(fixed, 1e-9)
        prepare, stroke, hold, retract = prepare * k, stroke * k, hold * k, retract * k
    elif timing["stroke"] == "cycle":
        stroke = window - prepare - hold - retract
    elif timing["hold"] == "fill":
        hold = min(window - fixed, max_hold) if max_hold is not None else window - fixed
    end = start + prepare + stroke + hold + retract
    return (start, start + prepare, start + prepare + stroke, start + prepare + stroke + hold, end)


def _end(action: Action, shot: ShotPlan) -> float:
    return min(action.end_s if action.end_s is not None else shot.duration_s, shot.duration_s)


def schedule(actor: PlacedActor, shot: ShotPlan) -> list[ScheduledGesture]:
    """Every layered action of the actor (gestures, speech, upper-body reactions) placed in phases."""
    table = gesture_table()["gestures"]
    out = []
    layered = sorted(_layered(actor), key=lambda a: a.start_s)
    for i, action in enumerate(layered):
        verb = "speak" if action.kind == "speak" else action.verb
        spec = table[verb]
        if action.start_s >= shot.duration_s:
            raise InputError(f"{actor.id}.{verb}.start_s",
                             f"starts at {action.start_s:g} s, after the shot ends ({shot.duration_s:g} s)")
        end = _end(action, shot)
        rate, amplitude, tremor = _modifiers(action, shot)
        # motion time runs time_scale × shot time: durations stretch and rhythms slow in slow motion
        scale = 1.0 / (rate * shot.time_scale)
        earlier = [a for a in layered[:i] if a.verb == action.verb]
        later = [a for a in layered[i + 1:] if a.verb == action.verb]
        # already in progress (an earlier one runs up to here) → no preparation;
        # carried on (a later one takes over before this ends) → no retraction
        prepared = any(action.start_s <= _end(a, shot) + CHAIN_GAP_S for a in earlier)
        retracted = not any(a.start_s <= end + CHAIN_GAP_S and _end(a, shot) > end for a in later)
        bounds = _bounds(spec["timing"], action.start_s, end, scale, spec.get("max_hold_s"), prepared, retracted)
        frequency = spec.get("frequency_hz", 0.0) * rate * shot.time_scale
        out.append(ScheduledGesture(action=action.model_copy(update={"verb": verb}), spec=spec, bounds=bounds,
                                    frequency_hz=frequency, amplitude=amplitude, tremor=tremor))
    return out
