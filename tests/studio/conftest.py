"""Registers the studio tests' fixtures (defined in studio_support)."""

from studio_support import _importable_helpers, database_url, postgresql  # noqa: F401
