"""Imported by a constant importlib.import_module call."""
