"""Prints, as JSON, the Open Graph properties, Twitter card and JSON-LD of every HTML page
under the folder given as the first argument, read by extruct (an independent parser):
{"fr/advisories/x/index.html": {"og": [[property, content], ...], "twitter": ..., "ld": [...]}}"""
import json
import pathlib
import sys

import extruct
import lxml.html

root = pathlib.Path(sys.argv[1])
pages = {}
for path in sorted(root.rglob("*.html")):
    if "pagefind" in path.parts:
        continue
    html = path.read_text(encoding="utf-8")
    data = extruct.extract(html, syntaxes=["opengraph", "json-ld"], uniform=False)
    og = [list(p) for block in data["opengraph"] for p in block["properties"]]
    tree = lxml.html.fromstring(html.encode("utf-8"))
    twitter = tree.xpath('string(//meta[@name="twitter:card"]/@content)')
    pages[str(path.relative_to(root))] = {"og": og, "twitter": twitter, "ld": data["json-ld"]}
json.dump(pages, sys.stdout, ensure_ascii=False)
