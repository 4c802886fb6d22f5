"""Print what importlib.metadata says of the installed distributions."""
import base64
import hashlib
import importlib.metadata as md
import os

import mdfix


def main():
    print("__version__", mdfix.__version__)
    print("version", md.version("Metadata-Fixture"), md.version("mdfix-extra"))
    meta = md.metadata("Metadata-Fixture")
    for key in ("Metadata-Version", "Name", "Version", "Summary", "Author", "License"):
        print("metadata", key, meta[key])
    print("metadata Requires-Dist", meta.get_all("Requires-Dist"))
    print("metadata Provides-Extra", meta.get_all("Provides-Extra"))
    print("requires", md.requires("Metadata-Fixture"))
    files = md.files("Metadata-Fixture")
    for f in sorted(files, key=str):
        # a file of the distribution: its path, and whether it is there
        # (an embedded module's source is, a byte-code file is not)
        # (an embedded module's source is, a byte-code file is not), and
        # whether its bytes have the hash RECORD gives
        there = os.path.exists(f.locate()) and not str(f).endswith(".pyc")
        same = "-"
        if there and f.hash:
            digest = hashlib.sha256(f.read_binary()).digest()
            same = base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == f.hash.value
        print("file", f, f.hash.mode if f.hash else "-", f.size, there, same)
    print("read_text top_level.txt", md.distribution("Metadata-Fixture")
          .read_text("top_level.txt").split())
    eps = md.entry_points()
    for group in ("console_scripts", "mdfix.plugins"):
        for ep in sorted(eps.select(group=group)):
            print("entry point", group, ep.name, ep.value, ep.dist.name)
    for name, plugin in sorted(mdfix.plugins().items()):
        print("plugin", name, plugin().run() if isinstance(plugin, type) else plugin())
    print("distributions", sorted(d.metadata["Name"] for d in md.distributions()))
    print("packages_distributions", {k: v for k, v in
                                     sorted(md.packages_distributions().items())
                                     if k.startswith("mdfix")})
    try:
        md.version("not-installed-here")
    except md.PackageNotFoundError as e:
        print("PackageNotFoundError", e)


if __name__ == "__main__":
    main()
