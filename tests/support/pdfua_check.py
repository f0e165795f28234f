"""Checks PDFs against PDF/UA-1 with two independent checkers, in one process for speed.

Usage: python pdfua_check.py FILE...  Prints one JSON object per file (one per line):
  {"file", "page": {"compliant", "failed", "failures": ["RULE: message [font named]", ...]},
   "pdfua": {"exit_code", "findings": ["RULE: message", ...]}, "lang", "title",
   "struct_langs": [every /Lang of a structure element, first seen first]}
`page` is page-validation's Python API (profile "ua1"); `pdfua` is the library behind
`pdfua check` (the same rules and exit code). The catalog's /Lang, the structure elements' and the document title are
read with pikepdf, which pdfua is built on.
"""

import json
import re
import sys

import page
import pdfua
import pikepdf


def struct_langs(pdf):
    """Every /Lang on a structure element, in reading (tree) order, each once."""
    seen = []
    stack = [pdf.Root.get("/StructTreeRoot")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        lang = node.get("/Lang")
        if lang is not None and str(lang) not in seen:
            seen.append(str(lang))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return seen


def font_named(pdf, message):
    """The /BaseFont of the font object a message names ("font object 69 0 ..."), or ""."""
    found = re.search(r"font object (\d+) (\d+)", message)
    if not found:
        return ""
    font = pdf.get_object((int(found[1]), int(found[2])))
    return str(font.get("/BaseFont", ""))


def check(path):
    result = page.validate_pdf(path, profile="ua1")
    report = pdfua.validate(path)
    with pikepdf.open(path) as pdf:
        fonts = [font_named(pdf, f.message) for f in result.failures]
        lang = str(pdf.Root.get("/Lang", ""))
        title = str(pdf.docinfo.get("/Title", ""))
        langs = struct_langs(pdf)
    return {
        "file": path,
        "page": {
            "compliant": result.is_compliant,
            "failed": result.rules.failed,
            "failures": [
                f"{f.rule_id}: {f.message} [{font}]" for f, font in zip(result.failures, fonts)
            ],
        },
        "pdfua": {
            "exit_code": report.exit_code,
            "findings": [f"{f.rule_id}: {f.message}" for f in report.findings],
        },
        "lang": lang,
        "title": title,
        "struct_langs": langs,
    }


for file in sys.argv[1:]:
    print(json.dumps(check(file), ensure_ascii=False))
