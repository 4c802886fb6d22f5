VALUE = "only when mainguard runs as a script"
