"""Shared test setup: tests/ is on sys.path so helpers like mocap_data import from any test folder."""
