"""Weather and effects as particles: rain (streaks, ground splashes, footfall splashes), snow,
falling leaves, steam, fog banks and dust kicked up at foot strikes.

Every particle's state is a closed-form function of time and its seeded initial values, so any
frame can be drawn alone (parallel workers) and the same seed draws the same particles.
"""

from __future__ import annotations

from functools import cache

import moderngl
import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.physics.ballistics import G as GRAVITY
from cinemotion.render import gl
from cinemotion.render.materials import linear_color

FLOATS = 12  # position 3, velocity 3, size 1, rgba 4, shape 1
SOFT, STREAK, FLAKE, PUFF = 0.0, 1.0, 2.0, 3.0
SHAPES = (STREAK, SOFT, FLAKE, PUFF)  # drawn in this order: the thin ones, then the clouds over them
WET_WEATHER = ("rain", "storm", "drizzle")
WET_SURFACES = ("wet", "wet_asphalt", "puddles", "water")


def is_wet(environment) -> bool:
    """Rain falling or a wet surface named: the ground darkens, mirrors the lights and splashes."""
    return environment.weather in WET_WEATHER or environment.surface in WET_SURFACES


@cache
def particle_table() -> dict:
    return load_table("render/particles.yaml")


def _wanted(shot: ShotPlan) -> set[str]:
    env = shot.environment
    words = " ".join([env.weather, *env.effects]).lower()
    kinds = set()
    if env.weather in WET_WEATHER or "rain" in words:
        kinds.add("rain")
    if env.weather == "snow" or "snow" in words and "slope" not in words:
        kinds.add("snow")
    for kind, cues in {"leaves": ("leaves", "leaf"), "steam": ("steam", "vapor", "vapour"),
                       "fog": ("fog", "mist", "haze", "smoke"), "dust": ("dust",)}.items():
        if any(c in words for c in cues):
            kinds.add(kind)
    return kinds


class ParticleSystem:
    def __init__(self, shot: ShotPlan, performance: Performance, camera: CameraPath, set_piece, rng,
                 lit_by: np.ndarray | None = None):
        """lit_by: the light (linear RGB) that falls on the actors, as the camera meters it: steam, fog and
        dust scatter it (a cloud lit like the subject reads at its albedo in the exposed frame); None: the
        sky's ambient light only."""
        self.table = particle_table()
        self.lit_by = None if lit_by is None else np.asarray(lit_by, float)
        self.camera = camera
        self.kinds = _wanted(shot)
        self.wind = np.asarray(performance.wind, float)
        self.fps = performance.fps
        self.ground_y = set_piece.ground_y
        self.wet = "rain" in self.kinds or is_wet(shot.environment)
        dusty = shot.environment.surface in self.table["dust"]["surfaces"] or "dust" in self.kinds
        # the volume the camera sees: from the mean camera towards the action, on the ground
        cams = np.array([camera.position(f) for f in range(0, camera.n_frames, max(1, camera.n_frames // 12))])
        view = np.array([camera.rotation[f][2] for f in range(0, camera.n_frames, max(1, camera.n_frames // 12))])
        vol = self.table["volume"]
        self.center = cams.mean(axis=0) + view.mean(axis=0) * vol["depth"] * 0.4
        span = np.ptp(cams, axis=0)
        self.size = np.array([vol["along"] + span[0], vol["height"], vol["depth"] + span[2]])
        self.center[1] = self.ground_y + vol["height"] / 2
        seed_rng = np.random.default_rng(rng.integers(2**63))
        self.rain = self._falling("rain", seed_rng) if "rain" in self.kinds else None
        self.snow = self._falling("snow", seed_rng) if "snow" in self.kinds else None
        self.leaves = self._falling("leaves", seed_rng) if "leaves" in self.kinds else None
        self.steam = self._steam(seed_rng) if "steam" in self.kinds else None
        self.fog = self._fog(seed_rng) if "fog" in self.kinds else None
        self.splash_sites = self._splash_sites(seed_rng) if "rain" in self.kinds else None
        strikes = [e for e in performance.events if e.kind in ("foot_strike", "splash", "landing", "scuff", "slip")]
        self.bursts = []
        for e in strikes:
            wet_hit = self.wet or e.kind == "splash" or e.surface in ("water", "puddle", "wet")
            if wet_hit:
                self.bursts.append(("splash", e, seed_rng.random((self.table["splash"]["per_strike"], 4))))
            elif dusty or e.surface in self.table["dust"]["surfaces"]:
                self.bursts.append(("dust", e, seed_rng.random((self.table["dust"]["per_strike"], 4))))
        self._gl = None

    # -- initial states ---------------------------------------------------------------------------
    def _falling(self, kind: str, rng) -> dict:
        spec = self.table[kind]
        n = spec["count"]
        state = {"start": rng.random((n, 3)) * self.size + self.center - self.size / 2,
                 "fall": rng.uniform(*spec["fall_mps"], n), "phase": rng.uniform(0, 2 * np.pi, n)}
        if kind == "snow":
            state["hz"] = rng.uniform(*spec["sway_hz"], n)
            state["size"] = rng.uniform(*spec["size_m"], n)
        if kind == "leaves":
            state["hz"] = rng.uniform(*spec["flutter_hz"], n)
            state["size"] = rng.uniform(*spec["size_m"], n)
            colors = np.array([linear_color(c, "particles.yaml") for c in spec["colors"]])
            state["color"] = colors[rng.integers(len(colors), size=n)]
        return state

    def _in_view(self, rng, n: int, depth: tuple[float, float], spread: float) -> np.ndarray:
        """(n, 2) ground points (x, z) where the camera looks: point i in front of the camera at a frame
        drawn from the i-th of n equal stretches of the shot, `depth` × the focus distance away (the
        subject's), across `spread` × the frame's half-width there. A tracking or panning camera keeps
        meeting them all shot long."""
        cam = self.camera
        frames = np.minimum(((np.arange(n) + rng.random(n)) / n * cam.n_frames).astype(int), cam.n_frames - 1)
        along = rng.uniform(*depth, n)
        across = rng.uniform(-spread, spread, n)
        points = np.zeros((n, 2))
        for i, f in enumerate(frames):
            forward = cam.rotation[f][2][[0, 2]]
            forward = forward / max(np.linalg.norm(forward), 1e-9)
            right = np.array([-forward[1], forward[0]])
            distance = float(np.clip(cam.focus_distance_m[f], 1.0, 40.0)) * along[i]
            half_width = distance * cam.width / 2 / float(np.asarray(cam.fx).reshape(-1)[min(f, np.size(cam.fx) - 1)])
            points[i] = cam.position(f)[[0, 2]] + forward * distance + right * across[i] * half_width
        return points

    def _steam(self, rng) -> dict:
        """Vents in the pavement where the camera looks, around the subject's distance, each breathing puffs
        that rise, swell and fade on a cycle (phases spread over it, so a vent is never empty)."""
        spec = self.table["steam"]
        vents = self._in_view(rng, spec["vents"], tuple(spec["vent_depth"]), spec["vent_spread"])
        n = spec["vents"] * spec["puffs_per_vent"]
        return {"vent": np.repeat(vents, spec["puffs_per_vent"], axis=0), "phase": rng.random(n) * spec["life_s"],
                "rise": rng.uniform(*spec["rise_mps"], n), "jitter": rng.normal(0, 0.25, (n, 2))}

    def _fog(self, rng) -> dict:
        """Banks of fog low over the ground: some where the camera looks (behind and around the subject),
        the rest through the whole volume."""
        spec = self.table["fog"]
        n = spec["count"]
        start = rng.random((n, 3)) * self.size + self.center - self.size / 2
        seen = int(n * spec["in_view_share"])
        start[:seen, [0, 2]] = self._in_view(rng, seen, tuple(spec["bank_depth"]), 1.2)
        start[:, 1] = self.ground_y + rng.uniform(0.3, 2.5, n)
        return {"start": start, "size": rng.uniform(*spec["size_m"], n), "seen": seen}

    def _scattered(self, light, albedo: float) -> np.ndarray:
        """Linear RGB of a cloud of this albedo lit as the actors are (lit_by), else by the sky's ambient."""
        if self.lit_by is not None:
            return self.lit_by * albedo + light.sky_ambient * 0.2
        return light.sky_ambient * 0.8 + light.key_color * 0.25 + light.horizon * 0.3

    def _splash_sites(self, rng) -> dict:
        spec = self.table["rain"]
        n = spec["ground_splashes"]
        pos = self.center[[0, 2]] + (rng.random((n, 2)) - 0.5) * self.size[[0, 2]]
        return {"pos": pos, "period": rng.uniform(*spec["splash_period_s"], n), "phase": rng.random(n)}

    # -- per frame ---------------------------------------------------------------------------------
    def _wrap(self, p: np.ndarray) -> np.ndarray:
        lo = self.center - self.size / 2
        return lo + np.mod(p - lo, self.size)

    def instances(self, t: float, light) -> np.ndarray:
        """(N, FLOATS) particles at time t (seconds on the shot clock)."""
        parts = []
        ambient = light.sky_ambient * 0.8 + light.key_color * 0.25 + light.horizon * 0.3
        if self.rain is not None:
            s, spec = self.rain, self.table["rain"]
            vel = np.stack([np.full_like(s["fall"], self.wind[0]), -s["fall"], np.full_like(s["fall"], self.wind[2])], 1)
            pos = self._wrap(s["start"] + vel * t)
            # drops catch the light around them: brighter than the ambient they fall through
            color = np.concatenate([np.clip(ambient * 2.0 + 0.35, 0, 2), [spec["alpha"]]])
            parts.append(_rows(pos, vel * spec["streak_s"], spec["width_m"], color, STREAK))
            sites = self.splash_sites
            age = np.mod(t / sites["period"] + sites["phase"], 1.0) * sites["period"]
            live = age < 0.12
            if live.any():
                p = np.column_stack([sites["pos"][live, 0], np.full(live.sum(), self.ground_y + 0.03),
                                     sites["pos"][live, 1]])
                size = 0.02 + age[live] * 0.6
                parts.append(_rows(p, np.zeros_like(p), size, np.concatenate([color[:3], [0.35]]), SOFT))
        if self.snow is not None:
            s, spec = self.snow, self.table["snow"]
            sway = spec["sway_m"] * np.sin(2 * np.pi * s["hz"] * t + s["phase"])
            vel = np.stack([self.wind[0] * 0.8 + 0 * s["fall"], -s["fall"], self.wind[2] * 0.8 + 0 * s["fall"]], 1)
            pos = self._wrap(s["start"] + vel * t + np.stack([sway, 0 * sway, np.cos(s["phase"]) * sway], 1))
            color = np.concatenate([np.clip(ambient * 1.3 + 0.25, 0, 2.5), [spec["alpha"]]])
            parts.append(_rows(pos, np.zeros_like(pos), s["size"], color, SOFT))
        if self.leaves is not None:
            s, spec = self.leaves, self.table["leaves"]
            flutter = np.sin(2 * np.pi * s["hz"] * t + s["phase"])
            vel = np.stack([self.wind[0] + 0.6 * flutter, -s["fall"], self.wind[2] + 0.6 * np.cos(s["phase"] + t)], 1)
            pos = self._wrap(s["start"] + vel * t)
            spin = np.stack([np.cos(s["phase"] + 3 * t), 0.3 * flutter, np.sin(s["phase"] + 3 * t)], 1)
            colors = np.column_stack([s["color"] * (ambient.mean() + light.key_color.mean() * 0.5), np.ones(len(pos))])
            parts.append(_rows(pos, spin * s["size"][:, None], s["size"], colors, FLAKE))
        if self.steam is not None:
            s, spec = self.steam, self.table["steam"]
            age = np.mod(t + s["phase"], spec["life_s"])
            u = age / spec["life_s"]
            size = spec["size_m"][0] + (spec["size_m"][1] - spec["size_m"][0]) * np.sqrt(u)
            # a puff sits on its vent and rises: its centre half its size up, so the ground never cuts its
            # quad (a hard edge where it would), and its faded rim touches the pavement
            pos = np.column_stack([s["vent"][:, 0] + (self.wind[0] * 0.5 + s["jitter"][:, 0]) * age,
                                   self.ground_y + size / 2 + s["rise"] * age,
                                   s["vent"][:, 1] + (self.wind[2] * 0.5 + s["jitter"][:, 1]) * age])
            # thickest just out of the vent (a quick fade-in, no popping), thinning as it swells and rises
            alpha = spec["alpha"] * np.minimum(u / spec["fade_in"], 1.0) * (1.0 - u) ** 1.5
            colors = np.column_stack([np.tile(self._scattered(light, spec["albedo"]), (len(pos), 1)), alpha])
            parts.append(_rows(pos, np.zeros_like(pos), size, colors, PUFF))
        if self.fog is not None:
            s, spec = self.fog, self.table["fog"]
            drift = np.array([spec["drift_mps"] + self.wind[0] * 0.3, 0, self.wind[2] * 0.3]) * t
            pos = s["start"] + drift
            pos[s["seen"]:] = self._wrap(pos[s["seen"]:])  # the banks in view drift on; the rest wrap round
            pos[:, 1] = s["start"][:, 1]
            tint = light.fog_color / max(float(np.max(light.fog_color)), 1e-6)
            colors = np.column_stack([np.tile(self._scattered(light, spec["albedo"]) * tint, (len(pos), 1)),
                                      np.full(len(pos), spec["alpha"])])
            parts.append(_rows(pos, np.zeros_like(pos), s["size"], colors, PUFF))
        for kind, event, r in self.bursts:
            age = t - event.time_s
            spec = self.table[kind]
            if not 0.0 <= age < spec["life_s"]:
                continue
            origin = np.array(event.position, float)
            origin[1] = max(origin[1], self.ground_y) + 0.02
            angle = r[:, 0] * 2 * np.pi
            radial = np.column_stack([np.cos(angle), np.zeros(len(r)), np.sin(angle)])
            u = age / spec["life_s"]
            if kind == "splash":
                up = spec["up_mps"][0] + r[:, 1] * (spec["up_mps"][1] - spec["up_mps"][0])
                out = spec["out_mps"][0] + r[:, 2] * (spec["out_mps"][1] - spec["out_mps"][0])
                vel = radial * out[:, None] + np.array([0, 1.0, 0]) * up[:, None] - [0, GRAVITY * age, 0]
                pos = origin + radial * (out * age)[:, None] + np.outer(up * age - GRAVITY * age**2 / 2, [0, 1, 0])
                keep = pos[:, 1] >= self.ground_y
                color = np.concatenate([np.clip(ambient * 1.6 + 0.2, 0, 2.5), [spec["alpha"] * (1 - u)]])
                parts.append(_rows(pos[keep], vel[keep] * 0.02, spec["size_m"], color, STREAK))
            else:
                speed = spec["speed_mps"][0] + r[:, 1] * (spec["speed_mps"][1] - spec["speed_mps"][0])
                drift = 1 - np.exp(-3 * age)
                pos = origin + radial * (speed * drift / 3)[:, None] + np.outer(0.25 * drift * (0.5 + r[:, 2]), [0, 1, 0])
                pos += self.wind * age * 0.5
                size = spec["size_m"][0] + (spec["size_m"][1] - spec["size_m"][0]) * np.sqrt(u) * (0.6 + 0.4 * r[:, 3])
                dust = np.array([0.55, 0.45, 0.33]) * (self._scattered(light, 1.0).mean() if self.lit_by is not None
                                                       else ambient.mean() + light.key_color.mean() * 0.6)
                colors = np.column_stack([np.tile(dust, (len(pos), 1)), np.full(len(pos), spec["alpha"] * (1 - u) ** 1.5)])
                parts.append(_rows(pos, np.zeros_like(pos), size, colors, PUFF))
        return np.concatenate(parts).astype("f4") if parts else np.zeros((0, FLOATS), "f4")

    def draw(self, ctx: moderngl.Context, f: int, view_proj, cam_pos, light, scene_depth_unit: int | None = None) -> None:
        """Blend this frame's particles over the bound framebuffer's colour, one draw per shape (each
        with its own program: a shader that chose between shapes per pixel would run them all). Depth
        is tested, not written: a puff that wrote its quad's depth would hide the ones behind it
        (moderngl keeps that mask per framebuffer; the context has none to set).
        scene_depth_unit: the texture unit of the scene's view depth (its aux target, depth in z), where
        one was drawn: puffs fade where a surface cuts into them (particles.frag)."""
        rows = self.instances(f / self.fps, light)
        if not len(rows):
            return
        if self._gl is None:
            soft = int(scene_depth_unit is not None)
            self._gl = {"quad": ctx.buffer(np.array([-1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1], "f4"))}
            for shape in SHAPES:
                prog = gl.program(ctx, "particles.vert", "particles.frag", {"SHAPE": int(shape), "SOFT": soft})
                if "u_scene_depth" in prog:
                    prog["u_scene_depth"].value = scene_depth_unit
                self._gl[shape] = {"prog": prog, "capacity": 0}
        target = ctx.fbo
        writes_depth, target.depth_mask = target.depth_mask, False
        ctx.enable(moderngl.BLEND)
        ctx.blend_func = moderngl.SRC_ALPHA, moderngl.ONE_MINUS_SRC_ALPHA
        for shape in SHAPES:
            mine = rows[rows[:, 11] == shape]
            if not len(mine):
                continue
            state = self._gl[shape]
            if state["capacity"] < len(mine):  # grow the instance buffer (bursts come and go)
                state["capacity"] = len(mine) * 2
                state["buffer"] = ctx.buffer(reserve=state["capacity"] * FLOATS * 4, dynamic=True)
                state["vao"] = gl.vertex_array(ctx, state["prog"], [
                    (self._gl["quad"], [("2f", "in_corner")], False),
                    (state["buffer"], [("3f", "in_pos"), ("3f", "in_vel"), ("1f", "in_size"), ("4f", "in_color"),
                                       ("1f", "in_shape")], True)])
            state["buffer"].write(mine.tobytes())
            state["prog"]["u_view_proj"].write(gl.gl_matrix(view_proj))
            state["prog"]["u_camera_pos"].value = tuple(float(x) for x in cam_pos)
            state["vao"].render(instances=len(mine))
        ctx.disable(moderngl.BLEND)
        target.depth_mask = writes_depth


def _rows(pos, vel, size, color, shape) -> np.ndarray:
    n = len(pos)
    out = np.zeros((n, FLOATS), "f4")
    out[:, 0:3], out[:, 3:6] = pos, vel
    out[:, 6] = size
    out[:, 7:11] = color
    out[:, 11] = shape
    return out
