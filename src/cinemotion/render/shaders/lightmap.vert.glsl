// The set's static light baked into its lightmap atlas (lightmap.py): each triangle drawn where its
// chart lies in the atlas, carrying its world position and normal to the texels it covers.
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_color;
in float in_material;
in vec2 in_lightmap;

out vec3 v_world;
out vec3 v_normal;
flat out int v_material;

void main() {
    v_world = in_pos;
    v_normal = in_normal;
    v_material = int(in_material + 0.5);
    gl_Position = vec4(in_lightmap * 2.0 - 1.0, 0.0, 1.0);
}
