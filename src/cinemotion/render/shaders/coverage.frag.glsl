// Per screen tile (tiles.vert), the largest share of the sharp image that any pixel of the tile
// shows (1 - the blur's alpha, read at the blur's half size): 0 where the blur covers it whole.
uniform sampler2D u_overlay;        // the blur pass's result: alpha = the share of the sharp image it replaces
uniform ivec2 u_tiles;
out vec4 out_coverage;

void main() {
    ivec2 size = textureSize(u_overlay, 0);
    ivec2 tile = ivec2(gl_FragCoord.xy);
    // the overlay's texels under this tile, and one more each side: the post pass filters it bilinearly
    ivec2 lo = max(tile * size / u_tiles - 1, ivec2(0));
    ivec2 hi = min((tile + 1) * size / u_tiles + 1, size);
    float sharp = 0.0;
    for (int y = lo.y; y < hi.y; y++)
        for (int x = lo.x; x < hi.x; x++) sharp = max(sharp, 1.0 - texelFetch(u_overlay, ivec2(x, y), 0).a);
    out_coverage = vec4(sharp);
}
