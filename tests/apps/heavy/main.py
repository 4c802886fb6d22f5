"""The import-heavy app of the file-system silence test."""
import json, decimal, asyncio, email.message, http.client, xml.etree.ElementTree  # noqa: E401
import sqlite3, ssl, argparse, logging, unittest  # noqa: E401

msg = email.message.EmailMessage()
msg["Subject"] = "silence"
root = xml.etree.ElementTree.fromstring("<a><b>7</b></a>")
db = sqlite3.connect(":memory:")
result = {
    "json": json.loads("[1, 2]"),
    "decimal": str(decimal.Decimal("1.1") + decimal.Decimal("2.2")),
    "email": msg["Subject"],
    "xml": root.find("b").text,
    "sqlite": db.execute("select 40 + 2").fetchone()[0],
    "ssl": ssl.OPENSSL_VERSION.split()[0],
    "http": http.client.responses[200],
    "asyncio": asyncio.run(asyncio.sleep(0, result="slept")),
    "logging": logging.getLevelName(logging.WARNING),
    "unittest": unittest.TestCase.__name__,
    "argparse": argparse.Namespace(x=1).x,
}
print(json.dumps(result, sort_keys=True))
