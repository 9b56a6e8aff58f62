"""Physical plausibility on the performed bodies: ballistics, ground contacts, collisions, springs."""
