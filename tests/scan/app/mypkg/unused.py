"""Imported by nothing: only --include mypkg.* embeds it."""
