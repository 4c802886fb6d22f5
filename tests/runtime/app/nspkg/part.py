WHERE = "archive"
