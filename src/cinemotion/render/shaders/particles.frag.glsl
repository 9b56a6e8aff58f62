in vec2 v_corner;
in vec4 v_color;
flat in int v_shape;
layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_aux;   // alpha 0: velocity and depth stay those of the surface behind

void main() {
    float r = length(v_corner);
    float alpha;
    if (v_shape == 1) alpha = 1.0 - abs(v_corner.x);                 // streak: soft across
    else if (v_shape == 2) alpha = step(r, 1.0);                      // leaf: a solid ellipse
    else if (v_shape == 3) alpha = max(exp(-4.0 * r * r) - 0.0183, 0.0) * 1.0187;  // puff: a gaussian at 0 on its rim
    else alpha = smoothstep(1.0, 0.5, r);                             // flake / spray
    if (alpha * v_color.a < 0.004) discard;
    out_color = vec4(v_color.rgb, v_color.a * alpha);
    out_aux = vec4(0.0);
}
