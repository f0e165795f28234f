#!/usr/bin/env python3
"""Writes a synthetic redflag site of N advisories x L languages, for benchmarks.

Usage:
    python3 benches/gen_site.py --n 1000 --langs en,fr,zh-Hans,ar --out /tmp/site-1000x4 [--seed 7]

Each advisory has a ~600-word Markdown body (headings, lists, links, emphasis, a GFM alert),
red flags, prevention tips, if-targeted steps, two contacts and one to two of ten scam types;
every non-default language gets a full translation with its `source_digest` left out (reported
as "unverified", which does not change rendering). Deterministic for a given seed. Stdlib only.
"""

import argparse
import os
import random
import shutil

TYPES = ["phishing", "romance", "tech-support", "investment", "lottery",
         "impersonation", "online-shopping", "employment", "rental", "charity"]

NAMES = {
    "en": "English", "fr": "Français", "zh-Hans": "简体中文", "ar": "العربية", "es": "Español",
}

# Phrases per language: enough variety that bodies are not one repeated line.
WORDS = {
    "en": ("Scammers call students and say they are police officers. They ask for money and "
           "personal details, and they tell the victim to keep the call secret. ").split(),
    "fr": ("Des escrocs appellent des étudiants et prétendent être des policiers. Ils demandent "
           "de l'argent et des données personnelles et exigent le secret. ").split(),
    "zh-Hans": list("骗子冒充警察给学生打电话要求转账并索取个人信息还要求受害人保密不要告诉任何人"),
    "ar": ("يتصل المحتالون بالطلاب ويدعون أنهم من الشرطة ويطلبون المال والمعلومات الشخصية "
           "ويطلبون من الضحية إبقاء المكالمة سرية ").split(),
    "es": ("Los estafadores llaman a estudiantes y dicen ser policías. Piden dinero y datos "
           "personales y exigen guardar el secreto. ").split(),
}


def sentence(rng, lang, n):
    words = WORDS[lang]
    joiner = "" if lang == "zh-Hans" else " "
    text = joiner.join(rng.choice(words) for _ in range(n))
    end = "。" if lang == "zh-Hans" else "."
    return text.strip().rstrip(".") + end


def body(rng, lang, slug):
    parts = []
    for i in range(6):
        parts.append(f"## {sentence(rng, lang, 4).rstrip('.。')} {i + 1}\n")
        for _ in range(2):
            parts.append(" ".join(sentence(rng, lang, rng.randint(10, 16)) for _ in range(3)) + "\n")
        if i % 2 == 0:
            parts.append("\n".join(f"- *{sentence(rng, lang, 6)}*" for _ in range(3)) + "\n")
        if i == 2:
            parts.append(f"> [!WARNING]\n> **{sentence(rng, lang, 8)}**\n")
        if i == 4:
            parts.append(f"[{sentence(rng, lang, 3)}](../{slug}/) · [{sentence(rng, lang, 3)}](https://www.example.org/{slug})\n")
    return "\n".join(parts)


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_fields(rng, lang, poster=True):
    lines = [f"title: {quoted(sentence(rng, lang, 7))}", f"summary: {quoted(sentence(rng, lang, 18))}"]
    for key, count in (("red_flags", 3), ("prevention", 3), ("if_targeted", 2)):
        lines.append(f"{key}:")
        lines.extend(f"  - {quoted(sentence(rng, lang, 12))}" for _ in range(count))
    if poster:
        lines.append(f"poster: {{ headline: {quoted(sentence(rng, lang, 8))} }}")
    return lines


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--langs", default="en,fr,zh-Hans")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", default="7")
    args = ap.parse_args()
    langs = args.langs.split(",")
    rng = random.Random(args.seed)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)

    site = ['title = "Scam Alert (synthetic)"', 'base_url = "https://alerts.example.org"',
            f'default_language = "{langs[0]}"', ""]
    for lang in langs:
        site += [f'[languages.{lang}]', f'name = "{NAMES.get(lang, lang)}"']
    write(os.path.join(args.out, "site.toml"), "\n".join(site) + "\n")

    contacts = ["emergency:", "  name: Emergency", "  kind: emergency", '  phone: "911"',
                "police:", "  name: Toronto Police Service", "  kind: police", '  phone: "+1 416-808-2300"',
                "fraud-centre:", "  name: Canadian Anti-Fraud Centre", "  kind: report", '  phone: "+1 888-495-8501"']
    write(os.path.join(args.out, "content/contacts.yaml"), "\n".join(contacts) + "\n")

    tax = ["scam_types:"] + [f"  {t}: {{ {', '.join(f'{l}: {quoted(t.replace(chr(45), chr(32)))}' for l in langs)} }}" for t in TYPES]
    tax += ["regions:", f"  canada: {{ {', '.join(f'{l}: Canada' for l in langs)} }}"]
    write(os.path.join(args.out, "content/taxonomies.yaml"), "\n".join(tax) + "\n")

    for i in range(args.n):
        slug = f"advisory-{i:05d}"
        types = rng.sample(TYPES, rng.randint(1, 2))
        year, month, day = 2015 + i % 10, 1 + i % 12, 1 + i % 28
        shared = [f"date: {year}-{month:02d}-{day:02d}", f"severity: {rng.choice(['low', 'medium', 'high', 'critical'])}",
                  f"scam_types: [{', '.join(types)}]", "regions: [canada]",
                  "contacts: [emergency, police, fraud-centre]",
                  "sources:", f"  - {{ title: {quoted('Synthetic source ' + str(i))}, publisher: Example Police, date: {year}-{month:02d}-{day:02d} }}"]
        for j, lang in enumerate(langs):
            front = text_fields(rng, lang) + (shared if j == 0 else [])
            name = "index.md" if j == 0 else f"index.{lang}.md"
            text = "---\n" + "\n".join(front) + "\n---\n" + body(rng, lang, slug)
            write(os.path.join(args.out, "content/advisories", slug, name), text)
    print(f"wrote {args.n} advisories x {len(langs)} languages to {args.out}")


if __name__ == "__main__":
    main()
