"""The lxml app of tests/t0520-lxml.sh: the same output from the static
binary (lxml built with `slither pip`, libxml2, libxslt and libexslt linked
in statically) and from Debian's python3-lxml on python3.11.

With the argument `where`, it prints instead where lxml's extension modules
come from, which differs between the two on purpose."""
import sys

from lxml import etree, objectify

if sys.argv[1:] == ["where"]:
    import lxml.objectify
    for mod in (etree, lxml.objectify):
        spec = mod.__spec__
        print(mod.__name__, type(spec.loader).__name__, spec.origin)
    sys.exit(0)

print("versions:", etree.LXML_VERSION, etree.LIBXML_VERSION, etree.LIBXSLT_VERSION)

# parsing and XPath
DOC = b"""<?xml version="1.0" encoding="UTF-8"?>
<library xmlns:x="urn:example:extra">
  <book id="b1" year="1979"><title>G\xc3\xb6del, Escher, Bach</title><price>19.50</price></book>
  <book id="b2" year="1968"><title>The Art of Computer Programming</title><price>187.00</price></book>
  <book id="b3" year="2008"><title>Python &amp; XML</title><price>7.25</price>
    <x:note>used</x:note></book>
  <!-- a comment -->
</library>"""
root = etree.fromstring(DOC)
print("root:", root.tag, len(root), [b.get("id") for b in root])
print("titles:", root.xpath("//book/title/text()"))
print("after 1970:", root.xpath("//book[@year > 1970]/@id"))
print("sum:", root.xpath("sum(//price)"), "count:", root.xpath("count(//book)"))
print("ns:", root.xpath("//x:note/text()", namespaces={"x": "urn:example:extra"}))
find = etree.XPath("//book[price < $limit]/title/text()")
print("compiled:", find(root, limit=20))
print("iter:", [e.tag for e in root.iter() if isinstance(e.tag, str)])
print("comment:", [c.text for c in root.iter(etree.Comment)])

# building and serialising
new = etree.Element("shelf", name="new")
for i, word in enumerate(["alpha", "b\u00eata", "<gamma> & \"delta\""]):
    etree.SubElement(new, "item", n=str(i)).text = word
print(etree.tostring(new, pretty_print=True).decode(), end="")
print(etree.tostring(new, encoding="UTF-8", xml_declaration=True))
print(etree.tostring(new, method="c14n"))
print(etree.tostring(root[2], encoding="unicode", with_tail=False))
html = etree.HTML("<p>unclosed <b>bold<p>second &copy; 2024")
print(etree.tostring(html, method="html"))

# XSLT, with EXSLT functions (libexslt; crypto:* are libgcrypt's)
XSL = b"""<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:str="http://exslt.org/strings"
    xmlns:math="http://exslt.org/math"
    xmlns:date="http://exslt.org/dates-and-times"
    xmlns:crypto="http://exslt.org/crypto"
    extension-element-prefixes="str math date crypto">
  <xsl:param name="who" select="'nobody'"/>
  <xsl:output method="xml" indent="yes"/>
  <xsl:template match="/library">
    <report for="{$who}" max="{math:max(book/price)}" leap="{date:leap-year('2024')}"
        md5="{crypto:md5('slither')}" sha1="{crypto:sha1('slither')}">
      <xsl:for-each select="book">
        <xsl:sort select="@year" data-type="number"/>
        <line year="{@year}"><xsl:value-of select="str:padding(3, '*')"/>
          <xsl:value-of select="translate(title, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
        </line>
      </xsl:for-each>
      <xsl:for-each select="str:tokenize('one,two;three', ',;')">
        <token><xsl:value-of select="."/></token>
      </xsl:for-each>
    </report>
  </xsl:template>
</xsl:stylesheet>"""
transform = etree.XSLT(etree.XML(XSL))
result = transform(etree.ElementTree(root), who=etree.XSLT.strparam("tester"))
print(str(result), end="")
print("xslt log:", [str(e) for e in transform.error_log])

# lxml.objectify
obj = objectify.fromstring(
    "<order><id>17</id><price>2.50</price><paid>true</paid><item>a</item><item>b</item>"
    "<note>hello</note></order>")
print("objectify:", obj.id + 1, obj.price * 2, bool(obj.paid), [str(i) for i in obj.item],
      obj.note.text, type(obj.id).__name__, type(obj.price).__name__, type(obj.paid).__name__)
obj.total = 5.0
obj.item[1] = "c"
objectify.deannotate(obj, cleanup_namespaces=True)
print(etree.tostring(obj).decode())
E = objectify.ElementMaker(annotate=False)
print(etree.tostring(E.root(E.a("x"), E.b(3))).decode())

# errors
for bad in [b"<a><b></a>", b"<a>&undefined;</a>", b"", b"<?xml version='1.0'?><a x='1' x='2'/>"]:
    try:
        etree.fromstring(bad)
        print("parsed?!", bad)
    except etree.XMLSyntaxError as e:
        print("XMLSyntaxError:", e.msg, e.position, e.code)
try:
    root.xpath("//book[")
except etree.XPathEvalError as e:
    print("XPathEvalError:", e)
try:
    etree.XSLT(etree.XML(b"<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'><xsl:template match='/'><xsl:value-of select='///'/></xsl:template></xsl:stylesheet>"))
except etree.XSLTParseError as e:
    print("XSLTParseError:", e)
recover = etree.XMLParser(recover=True)
print("recovered:", etree.tostring(etree.fromstring(b"<a><b>text</a>", recover)))
