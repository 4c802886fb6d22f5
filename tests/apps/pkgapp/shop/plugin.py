NAME = "plugin-by-import_module"
