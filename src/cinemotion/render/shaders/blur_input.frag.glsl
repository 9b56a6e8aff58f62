// What the half-size blur pass gathers, packed so that each of its taps is one lookup: the colour
// (the mean of the 2x2 scene texels under this pixel, one bilinear tap between them) with, in alpha,
// the view depth and the speed as integers in one float.
in vec2 v_uv;
uniform sampler2D u_color_filtered;  // the scene's HDR colour, filtered
uniform sampler2D u_aux;             // velocity (px over the open shutter), view depth (m): unfiltered
out vec4 out_packed;

// depth in steps of 1/16 m up to 256 m, speed in half pixels up to 2048: 12 bits each, exact in a float
const float DEPTH_STEPS = 16.0;
const float FIELD = 4096.0;

void main() {
    vec4 aux = texture(u_aux, v_uv);
    float depth = min(floor(aux.z * DEPTH_STEPS + 0.5), FIELD - 1.0);
    float speed = min(floor(length(aux.xy) * 2.0 + 0.5), FIELD - 1.0);
    out_packed = vec4(textureLod(u_color_filtered, v_uv, 0.0).rgb, depth * FIELD + speed);
}
