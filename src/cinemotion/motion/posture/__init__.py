"""Postures: standing (the idle body-track generator, standing.py) and sitting down / standing up (sitting.py)."""
