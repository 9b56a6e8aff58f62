"""OpenGL plumbing: a headless context, shader programs from .glsl files, camera matrices.

The camera arrives in OpenCV axes (x right, y down, z forward, world-to-camera); OpenGL wants
x right, y up, z backward and a clip-space projection, so both are converted here, once.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import moderngl
import numpy as np

SHADERS = Path(__file__).with_name("shaders")
OPENCV_TO_OPENGL = np.diag([1.0, -1.0, -1.0])


def create_context(threads: int | None = None) -> moderngl.Context:
    """A headless OpenGL 3.3 context (EGL): a GPU where there is one, Mesa's llvmpipe otherwise."""
    if threads is not None:
        # llvmpipe sizes its rasteriser pool from this when the context is created.
        os.environ["LP_NUM_THREADS"] = str(threads)
    return moderngl.create_standalone_context(require=330, backend="egl")


@cache
def shader_source(name: str) -> str:
    """A shader file, with `#include "x.glsl"` lines replaced by that file's text."""
    lines = []
    path = SHADERS / (name if name.endswith(".glsl") else name + ".glsl")  # "mesh.vert" → mesh.vert.glsl
    for line in path.read_text().splitlines():
        if line.startswith("#include"):
            lines.append(shader_source(line.split('"')[1]))
        else:
            lines.append(line)
    return "\n".join(lines)


def program(ctx: moderngl.Context, vertex: str, fragment: str, defines: dict[str, object] | None = None
            ) -> moderngl.Program:
    header = "#version 330\n" + "".join(f"#define {k} {v}\n" for k, v in (defines or {}).items())
    return ctx.program(vertex_shader=header + shader_source(vertex),
                       fragment_shader=header + shader_source(fragment))


def view_matrix(rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    """OpenGL view matrix (4x4) from an OpenCV world-to-camera rotation and translation."""
    view = np.eye(4)
    view[:3, :3] = OPENCV_TO_OPENGL @ rotation
    view[:3, 3] = OPENCV_TO_OPENGL @ translation
    return view


def projection_matrix(fx: float, fy: float, cx: float, cy: float, width: int, height: int,
                      near: float, far: float) -> np.ndarray:
    """Clip-space projection matching OpenCV intrinsics (pixel centres at integer coordinates)."""
    # OpenCV puts pixel i's centre at u = i; OpenGL at i + 0.5.
    cx, cy = cx + 0.5, cy + 0.5
    return np.array([
        [2 * fx / width, 0.0, 1 - 2 * cx / width, 0.0],
        [0.0, 2 * fy / height, 2 * cy / height - 1, 0.0],
        [0.0, 0.0, -(far + near) / (far - near), -2 * far * near / (far - near)],
        [0.0, 0.0, -1.0, 0.0],
    ])


def orthographic_light(direction: np.ndarray, center: np.ndarray, radius: float) -> np.ndarray:
    """View-projection of a directional light covering a sphere (centre, radius) of the world."""
    d = direction / np.linalg.norm(direction)  # from the scene towards the light
    up = np.array([0.0, 1.0, 0.0]) if abs(d[1]) < 0.95 else np.array([1.0, 0.0, 0.0])
    z = d
    x = np.cross(up, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    eye = center + d * radius * 2
    view = np.eye(4)
    view[:3, :3] = np.stack([x, y, z])
    view[:3, 3] = -view[:3, :3] @ eye
    near, far = radius * 0.5, radius * 3.5
    proj = np.diag([1 / radius, 1 / radius, -2 / (far - near), 1.0])
    proj[2, 3] = -(far + near) / (far - near)
    return proj @ view


def gl_matrix(m: np.ndarray) -> bytes:
    """Column-major float32 bytes, as GLSL mat4 uniforms expect."""
    return np.asarray(m, dtype="f4").T.tobytes()


def vertex_array(ctx: moderngl.Context, prog: moderngl.Program, buffers: list[tuple],
                 index_buffer: moderngl.Buffer | None = None) -> moderngl.VertexArray:
    """A VAO from (buffer, [(format, name), …], per_instance) triples; attributes the program
    doesn't use (optimised away, e.g. in the shadow pass) become padding. An index buffer holds
    uint32 triangle corners."""
    content = []
    for buffer, attributes, per_instance in buffers:
        formats, names = [], []
        for fmt, name in attributes:
            if name in prog:
                formats.append(fmt)
                names.append(name)
            else:
                count, kind = int(fmt[:-1]), fmt[-1]
                formats.append(f"{count * 4}x" if kind in "fi" else f"{count}x")
        layout = " ".join(formats) + ("/i" if per_instance else "")
        if names:
            content.append((buffer, layout, *names))
    return ctx.vertex_array(prog, content, index_buffer=index_buffer, index_element_size=4)
