"""Widgets and helpers shared by several rooms of the UI (forms, table models)."""
