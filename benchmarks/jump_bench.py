"""Jump flight measured on the whole-body centre of mass: the gravity its airborne arc implies.

The centre of mass weighs every segment by its mass fraction (Winter 2009, Table 4.1, in body/anthropometry.yaml),
so this measures the body the renderer draws, not the pelvis the jump generator steers. Prints one line per jump:
the flight time and the gravity (m/s²) and rms residual (mm) of a parabola fitted to the CoM height, and the same
for the pelvis alone.

    python benchmarks/jump_bench.py
"""

from __future__ import annotations

from cinemotion.body.skeleton import J
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion import animate
from cinemotion.motion.locomotion.gait_com import center_of_mass
from cinemotion.quality.jumps import fit_parabola, flights

PROMPTS = {
    "vertical jump": "A man jumps straight up as high as he can, full body shot, 3-second duration",
    "standing leap": "A woman leaps forward from standing, full body shot, 3-second duration",
    "running leap": "An athletic woman sprints and leaps across a wide gap between two rooftops, 4-second duration",
}


def main() -> None:
    for name, prompt in PROMPTS.items():
        plan = direct(parse(prompt, seed=0))
        shot = plan.shots[0]
        joints = animate(shot, rng=stream(shot.seed, "motion")).actors[0].joints
        found = flights(joints, shot.fps)
        if not found:
            print(f"{name}: no flight")
            continue
        a, b = max(found, key=lambda f: f[1] - f[0])
        com = fit_parabola(center_of_mass(joints[a:b])[:, 1], shot.fps)
        pelvis = fit_parabola(joints[a:b, J["pelvis"], 1], shot.fps)
        print(f"{name}: flight {(b - a) / shot.fps:.2f} s; centre of mass g = {com['gravity']:.2f} m/s² "
              f"(rms {com['rms_mm']:.1f} mm); pelvis g = {pelvis['gravity']:.2f} m/s² (rms {pelvis['rms_mm']:.1f} mm)")


if __name__ == "__main__":
    main()
