"""In a directory whose name is not an identifier: never a module."""
