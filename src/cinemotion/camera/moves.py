"""Camera moves: each a timed, eased change to the rig, composable with the others.

A move acts over its own window [start_s, end_s] with progress from a rate curve (camera/rates.py);
before the window it hasn't begun, after it it holds its end state. Pans and tilts arrive on the
composed frame (a reveal), so the shot type describes how the move ends; dollies, zooms, orbits
and cranes start from the composed frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinemotion.camera.rates import rate
from cinemotion.camera.rig import Rig
from cinemotion.camera.subject import UP, presets
from cinemotion.errors import InputError
from cinemotion.spec.models import CameraMove

PANS = ("pan_left", "pan_right")


@dataclass(frozen=True)
class MoveWindow:
    """A move resolved against its shot: window in seconds, amount in the move's unit, easing."""

    move: str
    start_s: float
    end_s: float
    amount: float
    rate: str

    def progress(self, times: np.ndarray) -> np.ndarray:
        """Eased progress 0 → 1 over the window, held outside it."""
        u = (times - self.start_s) / max(self.end_s - self.start_s, 1e-9)
        return rate(self.rate)(u)

    def active(self, times: np.ndarray) -> np.ndarray:
        return (times >= self.start_s - 1e-9) & (times <= self.end_s + 1e-9)

    def as_dict(self) -> dict:
        return {"move": self.move, "start_s": self.start_s, "end_s": self.end_s, "amount": self.amount}


def resolve_moves(camera: list[CameraMove], duration_s: float, fps: float, where: str = "camera") -> list[MoveWindow]:
    """The shot's moves as windows on its clock; a move that would start after the cut is refused
    (the error names `where`[i]).

    A window running past the shot's last frame is cut there (the move completes on the last frame).
    """
    table = presets()["moves"]
    last_frame_s = max(duration_s - 1.0 / fps, 0.0)
    windows = []
    for i, move in enumerate(camera):
        if move.start_s >= duration_s:
            raise InputError(f"{where}[{i}].start_s", f"{move.move} starts at {move.start_s:g} s, "
                             f"after the shot's {duration_s:g} s")
        spec = table[move.move]
        length = move.duration_s if move.duration_s is not None else spec.get("duration_s")  # a whip is brief
        end = last_frame_s if length is None else min(last_frame_s, move.start_s + length)
        amount = spec.get("amount", 0.0) if move.amount is None else float(move.amount)
        if spec.get("unit") in ("size_ratio", "focal_ratio") and amount <= 0:
            raise InputError(f"{where}[{i}].amount", f"{move.move} needs a positive ratio (got {amount:g})")
        windows.append(MoveWindow(move.move, float(move.start_s), float(end), float(amount),
                                  spec.get("rate", "linear")))
    return windows


def apply_moves(rig: Rig, windows: list[MoveWindow], times: np.ndarray, *, followed_pans: bool,
                min_distance: float, rng: np.random.Generator, shake_allowed: bool) -> None:
    """Change the rig in place by every move, in the order given (moves compose)."""
    for w in windows:
        p = w.progress(times)
        if w.move in PANS and not followed_pans:
            # Arrive on the composed frame: start turned away by `amount`.
            sign = 1.0 if w.move == "pan_right" else -1.0  # pan right: yaw falls; start from the left
            rig.yaw_offset += sign * np.radians(w.amount) * (1.0 - p)
        elif w.move in ("tilt_up", "tilt_down"):
            sign = -1.0 if w.move == "tilt_up" else 1.0  # tilt up: start pitched down
            rig.pitch_offset += sign * np.radians(w.amount) * (1.0 - p)
        elif w.move in ("dolly_in", "dolly_out"):
            ratio = w.amount if w.move == "dolly_in" else 1.0 / w.amount
            rig.distance = np.maximum(rig.distance * (1.0 + (1.0 / ratio - 1.0) * p), min_distance)
        elif w.move in ("zoom_in", "zoom_out"):
            ratio = w.amount if w.move == "zoom_in" else 1.0 / w.amount
            rig.focal_mm = rig.focal_mm * ratio**p
        elif w.move == "dolly_zoom":
            # Size on screen goes as focal / distance: scale both together and it stays put while
            # the field of view (and with it the background) changes.
            scale = w.amount**p
            rig.focal_mm = rig.focal_mm * scale
            rig.distance = rig.distance * scale
        elif w.move == "orbit":
            rig.azimuth = rig.azimuth + np.radians(w.amount) * p
        elif w.move == "crane_up":
            rig.lift = rig.lift + w.amount * p
        elif w.move == "crane_down":
            rig.lift = rig.lift + w.amount * (1.0 - p)
        elif w.move in ("truck_left", "truck_right"):
            # The camera's right in world is (cos az, 0, -sin az): both it and its aim slide, so it never turns.
            sign = 1.0 if w.move == "truck_right" else -1.0
            right = np.stack([np.cos(rig.azimuth), np.zeros_like(rig.azimuth), -np.sin(rig.azimuth)], axis=1)
            slide = right * (sign * w.amount * p)[:, None]
            rig.stand = rig.stand + slide
            rig.aim = rig.aim + slide
        elif w.move in ("pedestal_up", "pedestal_down"):
            # Lift and aim rise together: the camera moves up (or down onto the frame) without tilting.
            rise = w.amount * (p if w.move == "pedestal_up" else 1.0 - p)
            rig.lift = rig.lift + rise
            rig.aim = rig.aim + UP * rise[:, None]
        elif w.move in ("whip_pan_left", "whip_pan_right"):
            sign = 1.0 if w.move == "whip_pan_right" else -1.0  # whips onto the composed frame, like a pan
            rig.yaw_offset += sign * np.radians(w.amount) * (1.0 - p)
        elif w.move == "fpv":
            fly_past(rig, w, times)
        elif w.move == "handheld" and shake_allowed:
            angles, position = handheld_shake(times, w, rng)
            rig.shake_angles += angles
            rig.shake_position += position


def fly_past(rig: Rig, window: MoveWindow, times: np.ndarray) -> None:
    """An FPV drone's pass: it closes in, sweeps `amount` degrees around the subject on a rising and
    falling arc, and banks into the turn (roll follows the turn rate), every curve smooth."""
    spec = presets()["fpv"]
    p = window.progress(times)
    u = np.clip((times - window.start_s) / max(window.end_s - window.start_s, 1e-9), 0.0, 1.0)
    # From the first frame it is already close; starting later, it closes in from the framed distance.
    close = np.ones_like(u) if window.start_s <= 0 else rate("smooth")(np.clip(u / spec["approach"], 0.0, 1.0))
    close = np.where(times < window.start_s, 0.0, close)
    rig.distance = rig.distance + (np.minimum(rig.distance, spec["distance_m"]) - rig.distance) * close
    sweep = np.radians(window.amount) * p
    rig.azimuth = rig.azimuth + sweep
    rig.lift = rig.lift + spec["lift_m"] * np.sin(np.pi * u)
    turn_rate = np.gradient(sweep, times) if len(times) > 1 else np.zeros_like(times)
    rig.roll = rig.roll + np.clip(spec["bank_s"] * turn_rate, -np.radians(spec["max_bank_deg"]),
                                  np.radians(spec["max_bank_deg"]))


def _smooth_noise(times: np.ndarray, band_hz: tuple[float, float], components: int,
                  rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS sum of sinusoids with random frequencies in the band and 1/f amplitudes."""
    freqs = rng.uniform(*band_hz, size=components)
    phases = rng.uniform(0.0, 2 * np.pi, size=components)
    amps = 1.0 / freqs
    wave = (amps[:, None] * np.sin(2 * np.pi * freqs[:, None] * times[None] + phases[:, None])).sum(axis=0)
    return wave / np.sqrt(0.5 * np.sum(amps**2))


def handheld_shake(times: np.ndarray, window: MoveWindow, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(F, 3) yaw/pitch/roll shake (radians) and (F, 3) position shake (m) over the window.

    Slow summed sinusoids (0.5–2 Hz body sway, not jitter), faded in and out at the window's edges.
    """
    table = presets()["handheld"]
    band = tuple(table["band_hz"])
    fade = np.clip(np.minimum(times - window.start_s, window.end_s - times) / table["fade_s"], 0.0, 1.0)
    envelope = rate("smooth")(fade) * window.amount
    rms = table["rms_deg"]
    angles = np.stack([np.radians(rms[axis]) * _smooth_noise(times, band, table["components"], rng)
                       for axis in ("yaw", "pitch", "roll")], axis=1)
    position = np.stack([table["rms_m"] * _smooth_noise(times, band, table["components"], rng)
                         for _ in range(3)], axis=1)
    return angles * envelope[:, None], position * envelope[:, None]
