"""Motion transfer: a captured BVH clip or a video's pose, retargeted and played on the body track (clip.py)."""
