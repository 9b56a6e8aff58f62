// The finished image, shaded below the output resolution, stretched to it (bilinear) and flipped
// so that reading the framebuffer gives rows top to bottom.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 out_color;

void main() {
    out_color = vec4(texture(u_image, vec2(v_uv.x, 1.0 - v_uv.y)).rgb, 1.0);
}
