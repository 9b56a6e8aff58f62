// The lens' glow (bloom) at a quarter of the shading size, where it is smooth: the scene blurred at
// widening radii (its mip levels 2 and up, equal weights), above the threshold of display white once
// exposed, times the preset's strength. The image adds it as it is (alpha 0: nothing of the sharp
// image is replaced), straight or through the blur pass.
in vec2 v_uv;
uniform sampler2D u_color_filtered;  // the scene's HDR colour with its mipmaps
uniform float u_exposure;
uniform float u_bloom;
out vec4 out_glow;

void main() {
    vec3 glow = vec3(0.0);
    for (int level = 2; level <= BLOOM_LEVELS; level++) glow += textureLod(u_color_filtered, v_uv, float(level)).rgb;
    glow /= float(max(BLOOM_LEVELS - 1, 1));
    out_glow = vec4(u_bloom * max(glow - vec3(0.6 / u_exposure), 0.0), 0.0);
}
