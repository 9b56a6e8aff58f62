"""Neutral facts beneath every stage: easing curves and colour science."""
