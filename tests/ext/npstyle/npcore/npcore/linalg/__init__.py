from ._umath_linalg import norm3  # noqa: F401
