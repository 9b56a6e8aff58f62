"""Jumps: anticipation, takeoff, ballistic flight, landing and recovery (phases.py, the body-track generator)."""
