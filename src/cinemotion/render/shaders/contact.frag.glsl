// The actors' contact shadows seen from above (scene.py ShotRenderer._draw_contact), drawn once per
// frame into a small texture over the ground around them: each texel holds Quilez's analytic
// occlusion of their body spheres on an upward-facing surface at 0, 1, 2 and 3 CONTACT_LAYER_M above
// the ground (r, g, b, a), multiplied over the spheres. The set then reads it with one filtered fetch
// (lighting.glsl contact_occlusion) instead of looping over the spheres at every pixel.
in vec2 v_uv;
uniform vec4 u_contact_box;       // x, z of the box's corner (m); 1 / its size along x, z
uniform float u_ground_y;
uniform int u_sphere_count;
uniform vec4 u_spheres[MAX_OCCLUDERS];   // centre (m), radius (m)
out vec4 out_occlusion;

void main() {
    vec2 xz = u_contact_box.xy + v_uv / u_contact_box.zw;
    vec4 heights = u_ground_y + CONTACT_LAYER_M * vec4(0.0, 1.0, 2.0, 3.0);
    vec4 occ = vec4(1.0);
    for (int i = 0; i < u_sphere_count; i++) {
        vec4 sphere = u_spheres[i];
        vec2 across = sphere.xz - xz;
        vec4 up = sphere.y - heights;                 // the sphere's height above each layer
        vec4 l2 = dot(across, across) + up * up;
        vec4 l = sqrt(l2);
        float r = sphere.w;
        // Quilez: a sphere above a facing surface darkens it by cos θ · r² / l²; not on the
        // body itself, and faded out over the second half of its reach (OCCLUDER_REACH radii)
        vec4 fade = clamp(2.0 - 2.0 * l / (OCCLUDER_REACH * r), 0.0, 1.0) * step(r * 0.999, l);
        occ *= 1.0 - clamp(up / l * (r * r) / l2, 0.0, 1.0) * 0.9 * fade;
    }
    out_occlusion = occ;
}
