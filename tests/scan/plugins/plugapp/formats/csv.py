NAME = "csv format"
