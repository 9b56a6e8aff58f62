"""The studio's HTTP API, one router per subject."""
