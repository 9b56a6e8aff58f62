"""GLSL sources of the renderer (a package so that its .glsl files ship with the wheel)."""
