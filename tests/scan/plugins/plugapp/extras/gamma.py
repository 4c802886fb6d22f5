VALUE = "gamma extra"
