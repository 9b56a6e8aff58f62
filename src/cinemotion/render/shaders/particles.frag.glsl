// A particle's coverage of its quad, blended over the scene's colour; SHAPE (particles.py) picks it
// at compile time. SOFT: a puff fades where a surface behind it cuts into it: seen as a sphere of
// its size, its share in front of the scene's view depth, read per pixel (spherical billboards,
// Umenhoffer et al. 2006, "Spherical billboards and their application to rendering explosions",
// Graphics Interface), so steam meets the pavement, a wall or a car in a gradient, not a hard line.
in vec2 v_corner;
in vec4 v_color;
in float v_depth;      // view depth (m) of the quad, through the particle's centre
in float v_size;       // the particle's size (m)
uniform sampler2D u_scene_depth;   // SOFT: the scene pass's second target (view depth in z), unfiltered
out vec4 out_color;

void main() {
    float r2 = dot(v_corner, v_corner);
#if SHAPE == 1
    float alpha = 1.0 - abs(v_corner.x);                 // streak: soft across
#elif SHAPE == 2
    float alpha = step(r2, 1.0);                          // leaf: a solid ellipse
#elif SHAPE == 3
    // puff: a bell (1 - r²)³, close to the Gaussian exp(-4 r²) inside, that meets 0 at its rim flat
    // (value, slope and curvature 0): no ring where it ends
    float inside = max(1.0 - r2, 0.0);
    float alpha = inside * inside * inside;
#if SOFT
    float behind = texture(u_scene_depth, gl_FragCoord.xy / vec2(textureSize(u_scene_depth, 0))).z;
    float half_depth = 0.5 * v_size * sqrt(inside) + 1e-3;   // the sphere's half thickness here
    alpha *= clamp((behind - v_depth + half_depth) / (2.0 * half_depth), 0.0, 1.0);
#endif
#else
    float alpha = smoothstep(1.0, 0.5, sqrt(r2));        // flake / spray
#endif
    out_color = vec4(v_color.rgb, v_color.a * alpha);
}
