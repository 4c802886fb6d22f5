NAME = "json format"
