// The finished image, shaded below the output resolution, brought to it with a Catmull-Rom
// filter (sharper than bilinear) in 5 bilinear taps: the weights of neighbouring texels folded
// into one lookup between them, the four corner taps (weights under 2%) left out and the rest
// renormalised (Jimenez 2016, "Filmic SMAA", SIGGRAPH course). Flipped so that reading the
// framebuffer gives rows top to bottom.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 out_color;

void main() {
    vec2 size = vec2(textureSize(u_image, 0));
    vec2 position = vec2(v_uv.x, 1.0 - v_uv.y) * size;
    vec2 centre = floor(position - 0.5) + 0.5;
    vec2 f = position - centre;
    // Catmull-Rom weights of the 4 texels around, per axis
    vec2 w0 = f * (-0.5 + f * (1.0 - 0.5 * f));
    vec2 w1 = 1.0 + f * f * (-2.5 + 1.5 * f);
    vec2 w2 = f * (0.5 + f * (2.0 - 1.5 * f));
    vec2 w3 = f * f * (-0.5 + 0.5 * f);
    vec2 w12 = w1 + w2;
    vec2 at0 = (centre - 1.0) / size;
    vec2 at12 = (centre + w2 / w12) / size;
    vec2 at3 = (centre + 2.0) / size;
    vec3 c = texture(u_image, vec2(at12.x, at0.y)).rgb * (w12.x * w0.y)
           + texture(u_image, vec2(at0.x, at12.y)).rgb * (w0.x * w12.y)
           + texture(u_image, at12).rgb * (w12.x * w12.y)
           + texture(u_image, vec2(at3.x, at12.y)).rgb * (w3.x * w12.y)
           + texture(u_image, vec2(at12.x, at3.y)).rgb * (w12.x * w3.y);
    float total = w12.x * w0.y + w0.x * w12.y + w12.x * w12.y + w3.x * w12.y + w12.x * w3.y;
    out_color = vec4(clamp(c / total, 0.0, 1.0), 1.0);
}
