"""Hands and face: finger and facial landmarks performed on each final body pose."""
