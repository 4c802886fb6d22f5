"""The markupsafe app of tests/t0510-real-packages.sh: the same output from
the static binary (markupsafe built with `slither pip`) and from Debian's
python3-markupsafe on python3.11, C speedups included."""
import markupsafe
from markupsafe import Markup, escape, escape_silent, soft_str

# the C speedups, not the pure-Python fallback (markupsafe._native)
print("escape from:", escape.__module__, type(escape).__name__)
samples = [
    '<script>alert("x & y")</script>',
    "Tom & Jerry's",
    "ünïcödé <&> \U0001f40d",
    "plain",
    "",
    42,
    3.5,
    None,
    Markup("<b>already safe</b>"),
    "<" * 1000 + "&" * 1000,
]
for s in samples:
    print(repr(escape(s)))
print(repr(escape_silent(None)), repr(soft_str(Markup("<i>x</i>"))))
print(Markup("<em>%s</em>") % "<x>", Markup("<p>{}</p>").format("a & b"))
print(Markup("<a>") + "<b>", Markup(" ").join(["<1>", Markup("<2>")]))
print(Markup("<p>Hello &amp; <b>world</b></p>").striptags())
print(Markup("&lt;&#39;&#x26;").unescape())
print(markupsafe.__version__)
