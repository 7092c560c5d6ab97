"""Helpers the tests share (fixtures live in the ``conftest.py`` beside the tests that use them;
what they build lives here)."""
