"""A module of the namespace package nspkg (no __init__.py)."""
