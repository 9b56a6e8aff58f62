"""Props the hands hold: while a `hold` event lasts, the prop's centre follows the point between the wrists.

Before the hold the prop stays where direct put it; after a hold that ends before the shot does (put down), it
rests on the ground where it was let go.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import J
from cinemotion.motion.performance import ActorMotion, Event, PropState


class HeldPropFigures(Figures):
    below_wrists_m: Figure[float]


FIGURES = load_table("motion/library/props.yaml", HeldPropFigures)
BELOW_WRISTS_M = FIGURES.below_wrists_m.value  # the palms hold a box a little below the wrist joints


def hold_props(props: list[PropState], events: list[Event], actors: list[ActorMotion], fps: float) -> None:
    """Give every held prop a per-frame centre (F, 3); in place."""
    by_id = {p.id: p for p in props}
    for event in (e for e in events if e.kind == "hold"):
        prop = by_id.get(event.data["prop"])
        motion = next((m for m in actors if m.actor_id == event.actor), None)
        if prop is None or motion is None:
            continue
        n = len(motion.root)
        center = np.asarray(prop.center, float)
        track = np.tile(center, (n, 1)) if center.ndim == 1 else center.copy()
        first = int(round(event.time_s * fps))
        last = min(n - 1, int(round(event.data["until_s"] * fps)))
        hands = 0.5 * (motion.joints[:, J["left_wrist"]] + motion.joints[:, J["right_wrist"]])
        track[first:last + 1] = hands[first:last + 1] - [0.0, BELOW_WRISTS_M, 0.0]
        if last < n - 1:  # let go: it rests on the ground below the hands
            track[last + 1:] = track[last] * [1, 0, 1] + [0.0, float(prop.size[1]) / 2, 0.0]
        prop.center = track
