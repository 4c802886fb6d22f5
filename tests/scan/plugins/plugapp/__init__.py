"""A fixture for imports by computed name (tests/t0300-scan.sh, t0310)."""
