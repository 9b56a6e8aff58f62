// The finished image at the output size, from the post pass's display image at the shading size,
// in one pass: a Catmull-Rom resampling when the sizes differ (RESAMPLE) (sharper than bilinear;
// 5 bilinear taps, the four corner taps under 2% left out and the rest renormalised: Jimenez 2016,
// "Filmic SMAA", SIGGRAPH course), and FXAA where an edge is (Lottes 2009, "FXAA", NVIDIA white
// paper). The edge test reads the lumas (alpha) of the taps the resampling already took, the
// centre and its four neighbours as FXAA 3.11 does, so a pixel off an edge costs 5 taps, not 9;
// on an edge, the same lumas give the edge's direction and two taps along it blend across the step. Without FXAA (--preview), the resampling alone. Flipped so
// that reading the framebuffer gives rows top to bottom.
in vec2 v_uv;
uniform sampler2D u_image;     // rgb, luma in alpha
out vec4 out_color;

const float EDGE_THRESHOLD = 0.063;   // FXAA 3.11 "quality" preset: local contrast below this is left alone
const float SPAN_MAX = 8.0;
const float REDUCE_MUL = 1.0 / 8.0;
const float REDUCE_MIN = 1.0 / 128.0;

void main() {
    vec2 uv = vec2(v_uv.x, 1.0 - v_uv.y);
    vec2 size = vec2(textureSize(u_image, 0));
    vec2 px = 1.0 / size;
#if RESAMPLE
    vec2 position = uv * size;
    vec2 centre = floor(position - 0.5) + 0.5;
    vec2 f = position - centre;
    vec2 w0 = f * (-0.5 + f * (1.0 - 0.5 * f));
    vec2 w1 = 1.0 + f * f * (-2.5 + 1.5 * f);
    vec2 w2 = f * (0.5 + f * (2.0 - 1.5 * f));
    vec2 w3 = f * f * (-0.5 + 0.5 * f);
    vec2 w12 = w1 + w2;
    vec2 at0 = (centre - 1.0) / size;
    vec2 at12 = (centre + w2 / w12) / size;
    vec2 at3 = (centre + 2.0) / size;
    vec4 n = texture(u_image, vec2(at12.x, at0.y));
    vec4 w = texture(u_image, vec2(at0.x, at12.y));
    vec4 m = texture(u_image, at12);
    vec4 e = texture(u_image, vec2(at3.x, at12.y));
    vec4 s = texture(u_image, vec2(at12.x, at3.y));
    vec4 weights = vec4(w12.x * w0.y, w0.x * w12.y, w3.x * w12.y, w12.x * w3.y);
    float middle = w12.x * w12.y;
    vec3 color = (n.rgb * weights.x + w.rgb * weights.y + e.rgb * weights.z + s.rgb * weights.w + m.rgb * middle)
               / (dot(weights, vec4(1.0)) + middle);
#else
    vec4 m = texture(u_image, uv);
    vec3 color = m.rgb;
#if FXAA
    vec4 n = texture(u_image, uv - vec2(0.0, px.y));
    vec4 w = texture(u_image, uv - vec2(px.x, 0.0));
    vec4 e = texture(u_image, uv + vec2(px.x, 0.0));
    vec4 s = texture(u_image, uv + vec2(0.0, px.y));
#endif
#endif
#if FXAA
    float lo = min(m.a, min(min(n.a, s.a), min(w.a, e.a)));
    float hi = max(m.a, max(max(n.a, s.a), max(w.a, e.a)));
    if (hi - lo >= max(EDGE_THRESHOLD * hi, 1.0 / 32.0)) {
        // the edge's direction from the lumas at hand (across: north - south, west - east), two taps
        // along it blended (FXAA's first estimate; its four-tap second one and the four diagonal
        // lookups cost more than the rest of the pass together on llvmpipe)
        vec2 dir = vec2(-(n.a - s.a), w.a - e.a) * 2.0;
        float reduce = max((n.a + s.a + w.a + e.a) * 0.25 * REDUCE_MUL, REDUCE_MIN);
        dir = clamp(dir / (min(abs(dir.x), abs(dir.y)) + reduce), -SPAN_MAX, SPAN_MAX) * px;
        color = 0.5 * (texture(u_image, uv - dir / 6.0).rgb + texture(u_image, uv + dir / 6.0).rgb);
    }
#endif
    out_color = vec4(color, 1.0);
}
