"""Provides a C API to other extensions (see _core.c)."""
