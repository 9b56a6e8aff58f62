"""Penetration of the human body in the held-out kinds of motion, without and with the contact
response (body/human/contact.py separate_parts), and what the renderer's per-frame pose of the body
costs (PerformedBody.bind_positions: face units, the response, CPU ms on this thread).

    python benchmarks/body_contact_bench.py            # every motion
    python benchmarks/body_contact_bench.py jog hug    # some

Target (issue 17): under 1 cm on 99 % of frames, per actor.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "body"))
from human_shots import performed  # noqa: E402
from test_body_human_contact import MOTIONS  # noqa: E402

from cinemotion.body.human.contact import contact_groups, penetration_depth  # noqa: E402
from cinemotion.body.human.dress import wears_skirt  # noqa: E402
from cinemotion.body.human.performed import PerformedBody  # noqa: E402
from cinemotion.body.human.pose import skin_points  # noqa: E402


def main(names: list[str]) -> None:
    print(f"{'motion':<14} {'actor':<10} {'garments':<18} {'without response':>24} {'with response':>24} {'CPU ms/frame':>13}")
    for name in names or list(MOTIONS):
        plan, performances, _ = performed(MOTIONS[name])
        for placed, actor in zip(plan.shots[0].actors, performances[0].actors):
            body = PerformedBody(actor, placed.character)
            groups = contact_groups(body.body, wears_skirt(placed.character))
            matrices = body.poses.matrices(body.body)
            raw = np.array([penetration_depth(body.body, skin_points(body.body, matrices[f], body.bind), groups)
                            for f in range(body.n_frames)])
            started = time.process_time()
            for f in range(body.n_frames):
                body.bind_positions(f)
            per_frame = (time.process_time() - started) / body.n_frames
            resolved = np.array([penetration_depth(body.body, body.world_positions(f), groups)
                                 for f in range(body.n_frames)])
            c = placed.character.clothing
            print(f"{name:<14} {placed.id:<10} {c.top + '/' + c.bottom:<18} "
                  f"{(raw < 0.01).mean():>7.1%} <1 cm, max {raw.max() * 100:4.2f} cm "
                  f"{(resolved < 0.01).mean():>7.1%} <1 cm, max {resolved.max() * 100:4.2f} cm {per_frame * 1000:13.1f}",
                  flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
