// A triangle that covers the screen; v_uv in 0..1.
in vec2 in_pos;
out vec2 v_uv;
void main() {
    v_uv = in_pos * 0.5 + 0.5;
    // on the far plane: drawn after the scene with a depth test, the sky shades only what shows
    gl_Position = vec4(in_pos, 1.0, 1.0);
}
