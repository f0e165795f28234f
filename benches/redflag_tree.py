#!/usr/bin/env python3
"""Converts the Hugo tree written by gen_content.py into a redflag site with the same advisories.

Usage:
    python3 benches/redflag_tree.py --src SITES/n1000/hugo --out SITES/n1000/redflag [--tools DIR] [--search]

The peer benchmark (benches/bench.sh) builds Hugo, Zola and redflag on the same synthetic
advisories. gen_content.py (in the shared tools directory, `--tools`, default: the environment
variable REDFLAG_PEER_TOOLS, else `<repository>/../shared/tools`) writes the Hugo and Zola trees;
this script reads the Hugo tree and writes the redflag equivalent:

    hugo.toml (title, languageName per language)  ->  site.toml
    content/advisories/SLUG.md                     ->  content/advisories/SLUG/index.md
    content/advisories/SLUG.LANG.md                ->  content/advisories/SLUG/index.LANG.md
    scam_types ids (labels from gen_content.py)    ->  content/taxonomies.yaml
    (no shared contacts: every contact is inline)  ->  content/contacts.yaml (empty mapping)

Carried over unchanged: title, summary, date, scam_types, red_flags, prevention, the Markdown
body, and each contact's phone number. What redflag models differently:

- Language codes: redflag needs canonical BCP 47 tags, so gen_content's `zh` becomes `zh-Hans`
  (in site.toml, taxonomy labels and the file name index.zh-Hans.md). Other codes are kept.
- Contacts: redflag takes contacts from the default language only (translations cannot carry
  them) and names them per language, so each advisory gets inline contacts
  `{ name: { en: ..., fr: ..., zh-Hans: ... }, phone: ..., url: ..., kind: report }` built from
  the translations' contact names; the url is the default language's.
- Phone numbers: gen_content draws `+33 1 XX XX XX XX` (Paris geographic numbers), which are
  valid international numbers, so they are kept as they are.
- Search: gen_content.py configures Zola with `build_search_index = false` and Hugo has no
  search, so the site gets `search = false` (the same work as the peers); `--search` keeps
  redflag's default (a Pagefind index and a search page per language), for the row that shows
  what search costs.
- redflag-only fields: `severity: high` on every advisory (gen_content has no severity).
  Translations get no `source_digest` (reported as unverified; rendering is the same).
- The Hugo home and section `_index` files and the i18n strings have no redflag counterpart (the
  theme has its own UI strings) and are skipped.

Stdlib only (Python 3.11+ for tomllib). Deterministic: the output depends only on the input tree.
"""

import argparse
import importlib.util
import json
import os
import re
import shutil
import sys
import tomllib

LANG_TAGS = {"zh": "zh-Hans"}

FILE_RE = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)(?:\.(?P<lang>[A-Za-z-]+))?\.md$")


def tag(code):
    """redflag's BCP 47 tag for a gen_content language code."""
    return LANG_TAGS.get(code, code)


def q(text):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def default_tools_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("REDFLAG_PEER_TOOLS", os.path.join(here, "..", "..", "shared", "tools"))


def load_gen_content(tools):
    """Imports gen_content.py from the shared tools directory (for the scam type labels)."""
    path = os.path.join(tools, "gen_content.py")
    if not os.path.isfile(path):
        sys.exit(f"redflag_tree: {path} not found (set --tools or REDFLAG_PEER_TOOLS)")
    spec = importlib.util.spec_from_file_location("gen_content", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_front(text, path):
    """Parses the YAML front matter that gen_content.hugo_front writes; returns (fields, body).

    The shape is fixed (scalars as JSON strings, a bare date, a flow list of JSON strings, block
    lists of JSON strings, and contacts as block mappings), so a small line parser suffices.
    """
    lines = text.split("\n")
    if lines[0] != "---":
        sys.exit(f"redflag_tree: {path}: no front matter")
    end = lines.index("---", 1)
    fields, current = {}, None
    for line in lines[1:end]:
        if line.startswith("  - name: "):
            current = {"name": json.loads(line[len("  - name: "):])}
            fields["contacts"].append(current)
        elif line.startswith("    "):
            key, _, value = line.strip().partition(": ")
            current[key] = json.loads(value)
        elif line.startswith("  - "):
            fields[list_key].append(json.loads(line[4:]))
        elif line.endswith(":"):
            list_key = line[:-1]
            fields[list_key] = []
        else:
            key, _, value = line.partition(": ")
            fields[key] = value if key == "date" else json.loads(value)
    body = "\n".join(lines[end + 1:]).lstrip("\n")
    return fields, body


def read_advisories(src):
    """Returns {slug: {lang_code: (fields, body)}} and the default language's files' order."""
    folder = os.path.join(src, "content", "advisories")
    advisories = {}
    for name in sorted(os.listdir(folder)):
        match = FILE_RE.match(name)
        if name.startswith("_index") or not match:
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            front = parse_front(f.read(), path)
        advisories.setdefault(match["slug"], {})[match["lang"]] = front
    return advisories


def site_toml(config, langs, search):
    titles = ", ".join(f"{tag(c)} = {q(config['languages'][c]['title'])}" for c in langs)
    out = [f"title = {{ {titles} }}",
           f"base_url = {q(config['baseURL'].rstrip('/'))}",
           f"default_language = {q(tag(langs[0]))}",
           'theme = "default"',
           f"search = {'true' if search else 'false'}", ""]
    for code in langs:
        out += [f"[languages.{tag(code)}]", f"name = {q(config['languages'][code]['languageName'])}", ""]
    return "\n".join(out)


def taxonomies_yaml(gen, langs, used):
    out = ["scam_types:"]
    for i, type_id in enumerate(gen.TYPES):
        if type_id in used:
            labels = ", ".join(f"{tag(c)}: {q(gen.TYPE_NAMES[c][i])}" for c in langs)
            out.append(f"  {type_id}: {{ {labels} }}")
    return "\n".join(out) + "\n"


def contact_line(langs, per_lang, k):
    default = per_lang[langs[0]][0]["contacts"][k]
    names = ", ".join(f"{tag(c)}: {q(per_lang[c][0]['contacts'][k]['name'])}" for c in langs if c in per_lang)
    return (f"  - {{ name: {{ {names} }}, phone: {q(default['phone'])}, "
            f"url: {q(default['url'])}, kind: report }}")


def text_fields(fields):
    out = [f"title: {q(fields['title'])}", f"summary: {q(fields['summary'])}"]
    for key in ("red_flags", "prevention"):
        out.append(f"{key}:")
        out += [f"  - {q(item)}" for item in fields[key]]
    return out


def advisory_files(langs, per_lang):
    """Yields (file name, text) for one advisory: index.md, then index.LANG.md per translation."""
    fields, body = per_lang[langs[0]]
    front = text_fields(fields)
    front[2:2] = [f"date: {fields['date']}", "severity: high",
                  "scam_types: [" + ", ".join(fields["scam_types"]) + "]"]
    front.append("contacts:")
    front += [contact_line(langs, per_lang, k) for k in range(len(fields["contacts"]))]
    yield "index.md", "---\n" + "\n".join(front) + "\n---\n\n" + body
    for code in langs[1:]:
        if code in per_lang:
            fields, body = per_lang[code]
            yield f"index.{tag(code)}.md", "---\n" + "\n".join(text_fields(fields)) + "\n---\n\n" + body


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def convert(src, out, gen, search):
    with open(os.path.join(src, "hugo.toml"), "rb") as f:
        config = tomllib.load(f)
    langs = sorted(config["languages"], key=lambda c: config["languages"][c].get("weight", 0))
    if langs[0] != config["defaultContentLanguage"]:
        sys.exit("redflag_tree: the default language must have the lowest weight")
    advisories = read_advisories(src)
    # The default language's file is SLUG.md (no language in the name).
    advisories = {slug: {(lang or langs[0]): v for lang, v in per.items()} for slug, per in advisories.items()}
    used = {t for per in advisories.values() for t in per[langs[0]][0]["scam_types"]}
    write(os.path.join(out, "site.toml"), site_toml(config, langs, search))
    write(os.path.join(out, "content", "contacts.yaml"), "{}\n")
    write(os.path.join(out, "content", "taxonomies.yaml"), taxonomies_yaml(gen, langs, used))
    files = 0
    for slug, per_lang in advisories.items():
        for name, text in advisory_files(langs, per_lang):
            write(os.path.join(out, "content", "advisories", slug, name), text)
            files += 1
    return len(advisories), files, [tag(c) for c in langs]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", required=True, help="the Hugo tree written by gen_content.py (OUT/hugo)")
    ap.add_argument("--out", required=True, help="the redflag site to write")
    ap.add_argument("--tools", default=default_tools_dir(), help="directory holding gen_content.py")
    ap.add_argument("--force", action="store_true", help="remove --out first")
    ap.add_argument("--search", action="store_true", help="keep the search index (default: off, as the peers)")
    a = ap.parse_args()
    if os.path.exists(a.out):
        if not a.force:
            sys.exit(f"redflag_tree: {a.out} exists (use --force)")
        shutil.rmtree(a.out)
    n, files, langs = convert(a.src, a.out, load_gen_content(a.tools), a.search)
    print(f"redflag_tree: {n} advisories, {files} files, languages {','.join(langs)} -> {a.out}")


if __name__ == "__main__":
    main()
