def fmt(x):
    return f"{x:.2f} EUR"
