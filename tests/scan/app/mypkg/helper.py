from .x import VALUE
