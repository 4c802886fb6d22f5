from ._multiarray_umath import API_VERSION, sum_double, sum_int, sum_long  # noqa: F401
