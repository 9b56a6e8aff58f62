// The lightmap's gutters: a texel no chart covered (alpha < 0, as cleared) takes the mean of its
// covered neighbours, so a filtered lookup at a chart's edge reads the edge's light, not the void.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 out_color;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec4 own = texelFetch(u_image, p, 0);
    if (own.a >= 0.0) { out_color = own; return; }
    vec4 sum = vec4(0.0);
    float count = 0.0;
    for (int y = -1; y <= 1; y++) {
        for (int x = -1; x <= 1; x++) {
            vec4 t = texelFetch(u_image, clamp(p + ivec2(x, y), ivec2(0), textureSize(u_image, 0) - 1), 0);
            if (t.a >= 0.0) { sum += t; count += 1.0; }
        }
    }
    out_color = count > 0.0 ? sum / count : own;
}
