import treepkg

treepkg.report()
