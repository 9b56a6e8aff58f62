"""The OpenGL renderer: a shot's performance, filmed by its camera, as frames and control maps."""

from cinemotion.render.environment import SETTINGS, setting_name
from cinemotion.render.frames import (MAPS, RenderWorkers, control_size, default_workers, preview_camera,
                                      render_frames)
from cinemotion.render.lighting import LIGHTING, lighting_name
from cinemotion.render.scene import RenderedFrame
from cinemotion.render.still import render_still

__all__ = ["render_frames", "RenderWorkers", "control_size", "default_workers", "preview_camera", "render_still", "RenderedFrame",
           "MAPS", "SETTINGS", "LIGHTING", "setting_name", "lighting_name"]
