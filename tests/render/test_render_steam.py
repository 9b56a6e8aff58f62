"""Steam and fog read in the frame: rising from the pavement where the camera looks, lit like the actors."""

import numpy as np

from cinemotion.render import render_frames
from render_scenes import actor_motion, look_at_camera, shot


def _frame(effects: tuple[str, ...], lighting: str = "neon") -> np.ndarray:
    camera = look_at_camera([0.4, 1.3, 5.0], [0.0, 0.9, 0.0], 2, 320, 180, hfov_deg=55)
    plan, performance, camera = shot([actor_motion("mara", 2, velocity=(1.5, 0.0))], camera,
                                     setting="city_street", lighting=lighting, effects=effects)
    return list(render_frames(plan, performance, camera, workers=1))[1].rgb.astype(float)


def test_steam_rises_from_the_pavement_in_frame():
    for lighting in ("neon", "daylight"):
        steam, clear = _frame(("steam",), lighting), _frame((), lighting)
        lower = slice(steam.shape[0] // 2, None)
        change = np.abs(steam[lower] - clear[lower]).mean()
        # the plume is seen over the ground and lightens it (it scatters the light on the subject)
        assert change > 6.0, f"{lighting}: steam changes the lower half by {change:.1f} levels, expected > 6"
        assert steam[lower].mean() > clear[lower].mean() + 3.0, lighting


def test_fog_banks_sit_where_the_camera_looks():
    fog, clear = _frame(("fog",)), _frame(())
    change = np.abs(fog - clear).mean()
    assert change > 4.0, f"fog changes the frame by {change:.1f} levels, expected > 4"
