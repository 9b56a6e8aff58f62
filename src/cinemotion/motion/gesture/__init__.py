"""Gestures, speech movement and involuntary life layered on the body track (layer.py)."""
