// Exponential height fog: the share of the fog's colour a point shows from the camera (0..1).
// lighting.glsl applies it per pixel; mesh.vert per vertex for the baked set, whose triangles
// are small beside the tens of metres over which the fog thickens.
uniform vec3 u_camera_pos;
uniform float u_fog_density;
uniform float u_fog_height;

float fog_amount(vec3 position) {
    float dist = length(u_camera_pos - position);
    float height_falloff = exp(-max(position.y, 0.0) / max(u_fog_height, 0.1));
    return clamp(1.0 - exp(-dist * u_fog_density * (0.35 + 0.65 * height_falloff)), 0.0, 1.0);
}
