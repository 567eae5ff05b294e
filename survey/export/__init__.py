"""Exports: shaping rows is kept apart from writing the file."""
