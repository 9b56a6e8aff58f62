// Shadow-map pass: depth only.
void main() {}
