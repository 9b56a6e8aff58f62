// FXAA (Lottes 2009, "FXAA", NVIDIA white paper) on the display image at the shading resolution, in
// the tiles where the blur leaves the sharp image showing (tiles.vert): the edge test on the lumas
// (alpha) of the centre and its four neighbours, as FXAA 3.11 does; on an edge, the lumas give its
// direction and two taps along it are blended (FXAA's first estimate; its four-tap second one and the
// four diagonal lookups cost more than the rest of the pass together on llvmpipe). SHARPEN (the output
// is larger than the shading size): off the edges, the same taps sharpen the luma a little, so that
// the finishing pass's bilinear resampling reads about as crisp as a Catmull-Rom one.
in vec2 v_uv;
uniform sampler2D u_copy;       // the post pass's copy: rgb, luma in alpha (filtered)
uniform float u_sharpen;        // SHARPEN: gain of the luma's difference from its neighbours' mean
out vec4 out_color;

const float EDGE_THRESHOLD = 0.063;   // FXAA 3.11 "quality" preset: local contrast below this is left alone
const float EDGE_THRESHOLD_MIN = 1.0 / 32.0;
const float SPAN_MAX = 8.0;
const float REDUCE_MUL = 1.0 / 8.0;
const float REDUCE_MIN = 1.0 / 128.0;

void main() {
    vec2 size = vec2(textureSize(u_copy, 0));
    vec2 px = 1.0 / size;
    vec2 uv = gl_FragCoord.xy * px;   // this pixel's own texel (the copy is drawn the same way up)
    vec4 m = texture(u_copy, uv);
    vec4 n = texture(u_copy, uv - vec2(0.0, px.y));
    vec4 w = texture(u_copy, uv - vec2(px.x, 0.0));
    vec4 e = texture(u_copy, uv + vec2(px.x, 0.0));
    vec4 s = texture(u_copy, uv + vec2(0.0, px.y));
    vec3 color = m.rgb;
    float lo = min(m.a, min(min(n.a, s.a), min(w.a, e.a)));
    float hi = max(m.a, max(max(n.a, s.a), max(w.a, e.a)));
    if (hi - lo >= max(EDGE_THRESHOLD * hi, EDGE_THRESHOLD_MIN)) {
        // the edge's direction from the lumas at hand (across: north - south, west - east), two taps
        // along it blended
        vec2 dir = vec2(-(n.a - s.a), w.a - e.a) * 2.0;
        float reduce = max((n.a + s.a + w.a + e.a) * 0.25 * REDUCE_MUL, REDUCE_MIN);
        dir = clamp(dir / (min(abs(dir.x), abs(dir.y)) + reduce), -SPAN_MAX, SPAN_MAX) * px;
        color = 0.5 * (texture(u_copy, uv - dir / 6.0).rgb + texture(u_copy, uv + dir / 6.0).rgb);
    }
#if SHARPEN
    else {
        color += u_sharpen * (4.0 * m.a - (n.a + s.a + w.a + e.a));
    }
#endif
    out_color = vec4(clamp(color, 0.0, 1.0), 1.0);
}
