"""Imported by importlib.import_module(".plugin", "dynpkg")."""
