VERSION = "nested 1.0"
