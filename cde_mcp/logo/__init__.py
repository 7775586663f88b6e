"""Logos: loading them from a path, base64 or markup (`sources`), and checking them (`checks`)."""
