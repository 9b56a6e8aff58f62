// The fastest velocity near each pixel, at a quarter of the shading size (the motion blur's
// neighbourhood maximum, McGuire et al. 2012, from a cross of taps): where a moving limb smears over
// the still background behind it. Read filtered by the half-size blur pass.
in vec2 v_uv;
uniform sampler2D u_aux;        // velocity (px over the open shutter) in xy: unfiltered
uniform vec2 u_viewport;        // the shading resolution
uniform float u_blur_reach;     // shading pixels: how far a neighbour's motion may smear onto us
out vec4 out_velocity;

void main() {
    vec2 v_max = texture(u_aux, v_uv).xy;
    vec2 px = 1.0 / u_viewport;
    const vec2 around[4] = vec2[](vec2(1, 0), vec2(-1, 0), vec2(0, 1), vec2(0, -1));
    for (int i = 0; i < 4; i++) {
        vec2 v = texture(u_aux, v_uv + around[i] * u_blur_reach * px).xy;
        if (dot(v, v) > dot(v_max, v_max)) v_max = v;
    }
    out_velocity = vec4(v_max, 0.0, 0.0);
}
