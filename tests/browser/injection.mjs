// Script injection: a site whose every text field, in every language (advisory fields and body,
// translations, contacts, taxonomy labels, institution names, site.toml's title and language
// names), carries script payloads and template syntax is built with the real binary; every
// generated page is then loaded in Chromium with a trap. No payload may run (the trap records any
// call, and any dialog), and the payloads must show as text: `{{ … }}` literally, never evaluated.
// Feeds must not carry a raw <script>; the posters show their payloads as text. Pagefind's search
// results, built from the same pages, show them as text too.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverSite, launchBrowser, REPO_ROOT, searchResults, startServer, REDFLAG_BIN } from './checks.mjs';
import { emailParts } from './eml.mjs';

const BIN = REDFLAG_BIN;
const VALID_SITE = path.join(REPO_ROOT, 'tests', 'fixtures', 'valid-site');

// Each payload calls the trap with its own name, so a failure says which one ran.
const PAYLOADS = [
  (w) => `<script>__pwn("${w}:script")</script>`,
  (w) => `<img src=x onerror="__pwn('${w}:onerror')">`,
  (w) => `"><svg onload="__pwn('${w}:svg')">`,
  (w) => `'><body onload=__pwn('${w}:attr')>`,
  (w) => `</script><script>__pwn("${w}:close")</script>`,
  (w) => `</title><script>__pwn("${w}:title")</script>`,
  (w) => `\u2028\u2029";__pwn("${w}:json");"`,
  (w) => `javascript:__pwn('${w}:js')`,
  (w) => `<a href="javascript:__pwn('${w}:href')">link</a>`,
  (w) => `<iframe srcdoc="<script>parent.__pwn('${w}:iframe')</script>"></iframe>`,
  () => '{{ __tera_value }} {% if true %}TERA-BLOCK{% endif %} {# tera comment #}',
];
/** The payload text put into a field named `where`. */
const payload = (where) => `${where} ${PAYLOADS.map((p) => p(where)).join(' ')}`;
/** A shorter payload (script, event handler, template syntax) for the fields posters print:
 *  a poster must still fit on one page, or the build stops (as it should). */
const shortPayload = (where) => `${where} ${[PAYLOADS[0], PAYLOADS[1], PAYLOADS[PAYLOADS.length - 1]].map((p) => p(where)).join(' ')}`;
/** Text that must be visible wherever the field is shown: template syntax, not evaluated. */
const LITERAL = '{{ __tera_value }}';

// JSON strings are valid YAML and TOML strings.
const q = (text) => JSON.stringify(text);

const BODY = (lang) => `
${payload(`body-${lang}`)}

## Heading ${payload(`heading-${lang}`)} {#main .cls onclick=__pwn('heading-attr')}

[a link](javascript:__pwn('md-link-${lang}')) [data link](data:text/html,<script>__pwn('data')</script>)
![image](javascript:__pwn('md-img')) <javascript:__pwn('autolink')>

<script>__pwn("raw-${lang}")</script>
<img src="x" onerror="__pwn('raw-img-${lang}')">
<svg><script>__pwn('raw-svg')</script></svg>
<a href="javascript:__pwn('raw-a')">raw link</a>
<div style="background:url(javascript:__pwn('css'))" onmouseover="__pwn('hover')">div</div>

\`\`\`html
<script>__pwn("code-block")</script>
\`\`\`

> [!WARNING]
> ${payload(`alert-${lang}`)}
`;

function advisory({ lang, slug }) {
  const text = (field) => q(payload(`${slug}-${field}-${lang}`));
  const short = (field) => q(shortPayload(`${slug}-${field}-${lang}`));
  const shared = lang === 'en' ? `
date: 2025-04-04
severity: high
scam_types: [official-impersonation]
audiences: [international-students]
regions: [${slug === 'toronto' ? 'toronto' : 'calgary'}]
contacts:
  - emergency
  - ${slug === 'toronto' ? 'toronto-police' : 'calgary-police'}
  - name: ${short('inline-contact')}
    kind: report
    phone: "+1 888-495-8501"
    url: ${q(`https://example.org/"onmouseover="__pwn('url')"`)}
sources:
  - title: ${text('source-title')}
    publisher: ${text('source-publisher')}
    date: 2025-04-04
    url: ${q(`https://example.org/?q="><script>__pwn('source-url')</script>`)}` : '';
  return `---
title: ${text('title')}
summary: ${short('summary')}${shared}
red_flags:
  - ${short('red-flag-1')}
  - ${short('red-flag-2')}
prevention:
  - ${short('prevention')}
if_targeted:
  - ${short('if-targeted')}
poster:
  headline: ${short('poster-headline')}
---
${BODY(lang)}`;
}

function perLanguage(field, make = shortPayload) {
  return `{ en: ${q(make(`${field}-en`))}, fr: ${q(make(`${field}-fr`))}, ar: ${q(make(`${field}-ar`))} }`;
}

async function writeSite(dir) {
  await fs.cp(VALID_SITE, dir, { recursive: true });
  const site = await fs.readFile(path.join(VALID_SITE, 'site.toml'), 'utf8');
  const toml = (field, lang) => q(payload(`${field}-${lang}`));
  await fs.writeFile(path.join(dir, 'site.toml'), site
    .replace(/^title = .*$/m, `title = { en = ${q(shortPayload('site-title-en'))}, fr = ${q(shortPayload('site-title-fr'))}, ar = ${q(shortPayload('site-title-ar'))} }`)
    .replace('name = "English"', `name = ${toml('language-name', 'en')}`)
    .replace('name = "Français"', `name = ${toml('language-name', 'fr')}`)
    .replace('name = "Sample College"', `name = ${q(shortPayload('institution-name-en'))}`)
    // The institution's poster would carry every contact's payload text on one page and does
    // not fit (the build then stops with RF040, as it should): its posters are left out here.
    .replace('regions = ["calgary"]\nlanguages', 'regions = []\nlanguages')
    .replace('sizes = ["letter"]', 'sizes = ["tabloid"]')
    .replace('tear_off = true', 'tear_off = false'));
  await fs.writeFile(path.join(dir, 'content', 'contacts.yaml'), `
emergency:
  name: ${perLanguage('contact-emergency')}
  kind: emergency
  phone: "911"
calgary-police:
  name: ${perLanguage('contact-calgary')}
  kind: police
  phone: "+1 403-266-1234"
  hours: ${perLanguage('hours', payload)}
  url: https://www.calgary.ca/cps.html
  regions: [calgary]
toronto-police:
  name: ${q(shortPayload('contact-toronto'))}
  kind: police
  phone: "+1 416-808-2300"
  regions: [toronto]
campus-security:
  name: ${q(shortPayload('contact-campus'))}
  kind: support
  phone: "+1 403-555-0142"
  regions: [calgary]
`);
  await fs.writeFile(path.join(dir, 'content', 'taxonomies.yaml'), `
scam_types:
  virtual-kidnapping: ${perLanguage('scam-type-vk')}
  official-impersonation: ${perLanguage('scam-type-oi')}
audiences:
  international-students: ${perLanguage('audience-students')}
  families: ${perLanguage('audience-families')}
regions:
  calgary: ${perLanguage('region-calgary')}
  toronto: ${perLanguage('region-toronto')}
`);
  const advisories = path.join(dir, 'content', 'advisories');
  await fs.rm(advisories, { recursive: true });
  for (const slug of ['toronto', 'calgary']) {
    const folder = path.join(advisories, `payloads-${slug}`);
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'index.md'), advisory({ lang: 'en', slug }));
    await fs.writeFile(path.join(folder, 'index.fr.md'), advisory({ lang: 'fr', slug }));
  }
}

/** Runs in each page before its own scripts: any payload that runs records itself. */
function setTrap() {
  window.__pwned = [];
  window.__pwn = (what) => window.__pwned.push(String(what));
  window.__tera_value = 'EVALUATED';
}

async function filesUnder(dir, base = dir) {
  const out = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await filesUnder(p, base));
    else out.push(path.relative(base, p));
  }
  return out;
}

describe('script injection: payloads in every text field never run', () => {
  let dir, out, site, server, browser;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-injection-'));
    const root = path.join(dir, 'site');
    out = path.join(dir, 'public');
    await writeSite(root);
    const built = spawnSync(BIN, ['build', '--root', root, '--out', out], { encoding: 'utf8' });
    assert.equal(built.status, 0, `the payload site did not build:\n${built.stderr}`);
    site = await discoverSite(out);
    server = await startServer(out, site.basePath);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads every page with a trap: nothing runs, payloads show as text', async () => {
    assert.ok(site.pages.length >= 20, `only ${site.pages.length} pages`);
    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.addInitScript(setTrap);
    const failures = [];
    const tab = await context.newPage();
    let dialogs = [];
    tab.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    for (const page of site.pages) {
      dialogs = [];
      await tab.goto(server.origin + page.url, { waitUntil: 'load' });
      // Hover and focus everything, so that handlers such as onmouseover would fire.
      await tab.evaluate(() => {
        for (const el of document.querySelectorAll('body *')) {
          for (const type of ['mouseover', 'focus', 'click']) {
            if (type === 'click' && el.closest('a[href]')) continue;
            el.dispatchEvent(new Event(type, { bubbles: true }));
          }
        }
      });
      const result = await tab.evaluate(() => ({
        pwned: window.__pwned,
        text: document.body.innerText,
        title: document.title,
        // The self-hosted Pagefind UI builds its own search form (action="javascript:void(0);"):
        // the theme's code, not content, so it is not a payload.
        handlers: [...document.querySelectorAll('*')].filter((el) => !el.closest('.pagefind-ui')).flatMap((el) => [...el.attributes]
          .filter((a) => /^on/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value))
          .map((a) => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`)),
        // Data blocks (JSON-LD) may hold payload text, as long as it stayed data: still valid JSON.
        scripts: [...document.scripts].filter((s) => {
          if (s.type === 'application/ld+json') {
            try { JSON.parse(s.textContent); return false; } catch { return true; }
          }
          return s.textContent.includes('__pwn');
        }).length,
      }));
      const fail = (message) => failures.push(`${page.file}: ${message}`);
      if (result.pwned.length) fail(`payloads ran: ${result.pwned.join(', ')}`);
      if (dialogs.length) fail(`dialogs opened: ${dialogs.join(', ')}`);
      if (result.handlers.length) fail(`dangerous attributes: ${result.handlers.join(' ')}`);
      if (result.scripts) fail(`${result.scripts} <script> element(s) with a payload, or JSON-LD broken out of`);
      const blocks = result.text.split('TERA-BLOCK').length;
      const literalBlocks = result.text.split('{% if true %}TERA-BLOCK{% endif %}').length;
      if (result.text.includes('EVALUATED') || blocks !== literalBlocks) fail('template syntax in content was evaluated');
      if (!result.text.includes(LITERAL) && !result.title.includes(LITERAL)) fail(`template syntax ${LITERAL} is not shown literally`);
      if (page.kind === 'advisory' && !result.text.includes('<script>__pwn(')) fail('the <script> payload is not shown as text');
    }
    await context.close();
    assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n')}`);
  });

  it('shows search results with their payloads as text, and runs nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.addInitScript(setTrap);
    const tab = await context.newPage();
    const dialogs = [];
    tab.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    try {
      for (const lang of ['en', 'fr']) {
        const prefix = site.languages.find((l) => l.tag === lang).prefix;
        await tab.goto(`${server.origin}${site.basePath}${prefix ? `${prefix}/` : ''}search/`, { waitUntil: 'load' });
        // Every payload calls __pwn: its text is in every field of both advisories.
        const links = await searchResults(tab, 'pwn');
        assert.equal(links.length, 2, `${lang}: both payload advisories are found: ${links}`);
        const result = await tab.evaluate(() => {
          const area = document.querySelector('.pagefind-ui__results');
          return {
            pwned: window.__pwned,
            text: area.innerText,
            dangerous: [...area.querySelectorAll('*')].flatMap((el) => [...el.attributes]
              .filter((a) => /^on/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value))
              .map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`)),
            elements: [...area.querySelectorAll('script, iframe, svg, img:not(.pagefind-ui__result-image)')].map((el) => el.outerHTML.slice(0, 80)),
          };
        });
        assert.deepEqual(result.pwned, [], `${lang}: payloads ran from the search results`);
        assert.deepEqual(result.dangerous, [], `${lang}: dangerous attributes in the results`);
        assert.deepEqual(result.elements, [], `${lang}: payload elements in the results`);
        for (const slug of ['calgary', 'toronto']) {
          assert.ok(result.text.includes(`${slug}-title-${lang}`), `${lang}: the ${slug} title is not shown:\n${result.text}`);
        }
        assert.ok(result.text.includes('<script>__pwn('), `${lang}: the <script> payload is not shown as text:\n${result.text}`);
      }
      assert.deepEqual(dialogs, [], 'dialogs opened');
    } finally {
      await context.close();
    }
  });

  it('feeds and other text outputs carry no raw <script>', async () => {
    // share/*.txt are plain text for SMS and messaging apps: "<script>" there is text (served as
    // text/plain); the next test opens them and the emails in the browser.
    const files = (await filesUnder(out)).filter((f) => /\.(xml|json|txt)$/.test(f) && !/\/share\//.test(f));
    const failures = [];
    for (const file of files) {
      const text = await fs.readFile(path.join(out, file), 'utf8');
      if (file.endsWith('.json')) {
        // JSON Feed: `*_html` members are HTML; the others are plain text, where "<script>" is text.
        const walk = (v, key = '') => (typeof v === 'string' ? [[key, v]]
          : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => walk(x, Array.isArray(v) ? key : k)) : []);
        for (const [key, value] of walk(JSON.parse(text))) {
          if (/html$/i.test(key) && /<script/i.test(value)) failures.push(`${file}: <script> in ${key}`);
        }
        continue;
      }
      if (/<script/i.test(text)) failures.push(`${file}: raw <script>`);
      // Atom: HTML content is escaped once; a once-escaped <script> there is a script in the HTML.
      for (const m of text.matchAll(/<(content|summary)\b[^>]*type="html"[^>]*>([\s\S]*?)<\/\1>/g)) {
        if (/&lt;script/i.test(m[2])) failures.push(`${file}: <script> in HTML <${m[1]}>`);
      }
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('share texts and emails show their payloads as text and run nothing', async () => {
    const shares = (await filesUnder(out)).filter((f) => /\/share\/(sms|messaging)\.txt$/.test(f));
    const emails = (await filesUnder(out)).filter((f) => /\/share\/email\.eml$/.test(f));
    assert.ok(shares.length >= 8 && emails.length >= 4, `share files: ${shares.length} texts, ${emails.length} emails`);
    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.addInitScript(setTrap);
    const tab = await context.newPage();
    const dialogs = [];
    tab.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    const failures = [];
    try {
      for (const file of shares) {
        const response = await tab.goto(`${server.origin}${site.basePath}${file}`, { waitUntil: 'load' });
        if (!/^text\/plain/.test(response.headers()['content-type'])) failures.push(`${file}: not text/plain`);
        const text = await fs.readFile(path.join(out, file), 'utf8');
        if (!text.includes('-title-')) failures.push(`${file}: the title is missing`);
        const pwned = await tab.evaluate(() => window.__pwned);
        if (pwned.length) failures.push(`${file}: payloads ran: ${pwned.join(', ')}`);
      }
      for (const file of emails) {
        const parts = emailParts(await fs.readFile(path.join(out, file), 'latin1'));
        const html = path.join(out, `${file}.html`);
        await fs.writeFile(html, parts['text/html']);
        await tab.goto(`file://${html}`, { waitUntil: 'load' });
        const result = await tab.evaluate(() => ({
          pwned: window.__pwned,
          text: document.body.innerText,
          handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]
            .filter((a) => /^on/i.test(a.name) || /^\s*(javascript|data|vbscript):/i.test(a.value)).map((a) => a.name)),
          elements: document.querySelectorAll('script, iframe, svg, img, object, embed').length,
        }));
        await fs.rm(html);
        if (result.pwned.length) failures.push(`${file}: payloads ran: ${result.pwned.join(', ')}`);
        if (result.handlers.length) failures.push(`${file}: dangerous attributes ${result.handlers.join(' ')}`);
        if (result.elements) failures.push(`${file}: ${result.elements} active element(s)`);
        if (!result.text.includes('<script>__pwn(')) failures.push(`${file}: the <script> payload is not shown as text`);
        if (!parts['text/plain'].includes('<script>__pwn(')) failures.push(`${file}: the plain-text part lacks the payload text`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(dialogs, [], 'dialogs opened');
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('writes each advisory poster, showing its own payloads as text', async () => {
    // Posters are made per advisory and per language it is written in (the institution's are
    // left out above), on the one size the site asks for.
    const expected = ['calgary', 'toronto'].flatMap((slug) => ['en', 'fr']
      .map((lang) => ({ slug, lang, file: `advisories/payloads-${slug}/poster-${lang}-tabloid.pdf` })));
    const pdfs = (await filesUnder(out)).filter((f) => f.endsWith('.pdf')).sort();
    assert.deepEqual(pdfs, expected.map((e) => e.file).sort(), 'the posters written');
    for (const { slug, lang, file } of expected) {
      const text = execFileSync('pdftotext', ['-raw', path.join(out, file), '-'], { encoding: 'utf8' });
      // Compared without white space: the PDF's line breaks fall anywhere (and zero-width spaces
      // let long runs such as the payloads break anywhere).
      const flat = text.replace(/[\s\u200b]+/g, '');
      for (const field of ['poster-headline', 'red-flag-1', 'red-flag-2']) {
        const where = `${slug}-${field}-${lang}`;
        assert.ok(flat.includes(where), `${file}: the ${field} text (${where}) is missing`);
        // The payload is printed whole: its tags as text, template syntax not evaluated.
        for (const shown of [`<script>__pwn("${where}:script")</script>`, `<imgsrc=xonerror="__pwn('${where}:onerror')">`,
          '{{__tera_value}}{%iftrue%}TERA-BLOCK{%endif%}']) {
          assert.ok(flat.includes(shown), `${file}: ${shown} is not printed as text`);
        }
      }
      assert.ok(!flat.includes('EVALUATED'), `${file}: template syntax was evaluated`);
    }
  });
});
