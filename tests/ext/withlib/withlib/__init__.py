from withlib._native import scaled
