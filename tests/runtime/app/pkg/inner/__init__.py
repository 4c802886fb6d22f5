"""A subpackage holding data files."""
