"""Sounding moments of gestures, measured on the finished motion: key presses, claps, swishes.

Each becomes an Event on the shot clock for the audio stage; key presses also leave per-finger
press curves (`press_<side>_<finger>`) in `motion.expression` for motion/extremities/hands.py to bend the fingers.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import argrelextrema

from cinemotion.motion.extremities.hands import FINGERS, SIDES
from cinemotion.body.skeleton import Body, J, anthropometry
from cinemotion.core import rates
from cinemotion.motion.gesture.arms import unit
from cinemotion.motion.gesture.schedule import ScheduledGesture, gesture_table
from cinemotion.motion.performance import ActorMotion, Event


def keystrokes(motion: ActorMotion, g: ScheduledGesture, actor_id: str, body: Body, times: np.ndarray,
                fps: float, rng: np.random.Generator) -> list[Event]:
    """Finger presses while typing (`press_<side>_<finger>` channels) and their key_press events."""
    keys = g.spec["keys"]
    _, stroke, _, retract, _ = g.bounds
    mean_interval = 1.0 / max(g.frequency_hz, 1e-6)
    shape = 1.0 / keys["interval_spread"] ** 2  # gamma intervals: mean 1/f, coefficient of variation = spread
    events, t, count = [], stroke + rng.uniform(0, mean_interval), 0
    hand_length = anthropometry()["extra"]["hand_length"] * body.height_m
    while t < retract - keys["press_s"]:
        count += 1
        if count % keys["thumb_every"] == 0:
            side, finger = "right", "thumb"  # the space bar
        else:
            side, finger = SIDES[rng.integers(2)], FINGERS[rng.integers(len(FINGERS))]
        pulse = rates.there_and_back((times - t) / keys["press_s"] + 0.5)
        key = f"press_{side}_{finger}"
        motion.expression[key] = np.maximum(motion.expression.get(key, 0.0), pulse)
        frame = min(int(round(t * fps)), len(times) - 1)
        wrist, elbow = motion.joints[frame, J[f"{side}_wrist"]], motion.joints[frame, J[f"{side}_elbow"]]
        tip = wrist + unit(wrist - elbow) * 0.8 * hand_length
        events.append(Event(time_s=float(t), kind="key_press", actor=actor_id, side=side,
                            position=tuple(float(v) for v in tip), strength=float(rng.uniform(0.35, 0.7)),
                            data={"finger": finger}))
        t += rng.gamma(shape, mean_interval / shape)
    return events


def claps(motion: ActorMotion, g: ScheduledGesture, actor_id: str, body: Body, times: np.ndarray) -> list[Event]:
    """A clap where the palms meet: a close local minimum of the distance between the wrists."""
    envelope = g.envelope(times)
    wrists = motion.joints[:, [J["left_wrist"], J["right_wrist"]]]
    gap = np.linalg.norm(wrists[:, 0] - wrists[:, 1], axis=1)
    closing = np.gradient(gap) * len(times) / max(times[-1] - times[0], 1e-9)
    meets = argrelextrema(gap, np.less_equal, order=1)[0]
    touch = 0.05 * body.height_m  # two palm thicknesses and some give
    return [Event(time_s=float(times[i]), kind="clap", actor=actor_id,
                  position=tuple(float(v) for v in wrists[i].mean(axis=0)),
                  strength=float(np.clip(np.abs(closing[max(i - 1, 0)]) / 2.0, 0.2, 1.0)))
            for i in meets if envelope[i] > 0.5 and gap[i] < touch and 0 < i < len(times) - 1]


def whooshes(motion: ActorMotion, g: ScheduledGesture, actor_id: str, times: np.ndarray, fps: float) -> list[Event]:
    """A swish at each peak of hand speed above the audible threshold, during fast strokes."""
    table = gesture_table()["whoosh"]
    envelope = g.envelope(times)
    events = []
    for side in SIDES:
        wrist = motion.joints[:, J[f"{side}_wrist"]]
        # the hand's speed through the air around the body, not the body's own travel
        speed = np.linalg.norm(np.gradient(wrist - motion.root, axis=0), axis=1) * fps
        peaks = argrelextrema(speed, np.greater, order=max(1, int(table["min_gap_s"] * fps / 2)))[0]
        for i in peaks:
            if speed[i] >= table["min_wrist_speed_mps"] and envelope[i] > 0:
                events.append(Event(time_s=float(times[i]), kind="whoosh", actor=actor_id, side=side,
                                    position=tuple(float(v) for v in wrist[i]),
                                    strength=float(np.clip(speed[i] / 6.0, 0.1, 1.0)), speed_mps=float(speed[i])))
    return events
