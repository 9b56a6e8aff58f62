"""Locomotion: gaits on a path (gait.py, the body-track generator) and the gait model it is built from."""
