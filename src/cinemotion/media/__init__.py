"""Encoding, sidecars and control-signal exports of a rendered film."""
