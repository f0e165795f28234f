// The browser quality gate's checks, as importable functions (used by quality.mjs on the
// real site and by selftest.mjs on deliberately broken sites).
//
// Every check returns failures { page, check, rule, width?, message }; `page` is the
// HTML file's path relative to the site directory. formatFailure() turns one into a line
// such as "zh-hans/advisories/x/index.html @320px: axe color-contrast (serious): ...".
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
export const VNU_JAR = path.join(NODE_MODULES, 'vnu-jar', 'build', 'dist', 'vnu.jar');
export const AXE_JS = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** The debug `redflag` binary cargo built (REDFLAG_BIN, else in CARGO_TARGET_DIR or target/). */
export const REDFLAG_BIN = process.env.REDFLAG_BIN
  || path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target'), 'debug', 'redflag');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const WIDTHS = [1280, 320];
export const MAX_PAGE_BYTES = 61440; // HTML + CSS of an advisory page, uncompressed
export const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);
export const ARABIC_SCRIPT_LANGS = new Set(['ar', 'fa', 'ur', 'ps', 'ckb', 'sd', 'ug']);
// Languages not written in Latin script: on their pages untagged runs of Latin words are
// fallback text that lost its lang.
export const NON_LATIN_LANGS = new Set(['zh', 'ja', 'ko', 'ar', 'fa', 'ur', 'ps', 'ckb', 'sd', 'ug', 'he',
  'yi', 'dv', 'ru', 'uk', 'bg', 'el', 'hi', 'bn', 'th', 'ka', 'hy', 'am', 'ta', 'te', 'ml', 'kn', 'my',
  'km', 'lo', 'si', 'ne', 'mr', 'gu', 'pa', 'be', 'kk', 'mk']);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const primary = (tag) => String(tag || '').split('-')[0].toLowerCase();
export const isRtl = (tag) => RTL_LANGS.has(primary(tag));

export function formatFailure(f) {
  return `${f.page}${f.width ? ` @${f.width}px` : ''}: ${f.check} ${f.rule}: ${f.message}`;
}

// ---------------------------------------------------------------------------------------
// Site discovery

async function walk(dir, base = dir, out = []) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, base, out);
    else if (e.isFile()) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out;
}

function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[2] ?? m[3] ?? m[4]) : null;
}

/** Parses the <link rel="alternate" hreflang> links of an HTML text. */
export function parseAlternates(html) {
  const out = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(m[0], 'rel') || '').toLowerCase().split(/\s+/);
    const hreflang = attr(m[0], 'hreflang');
    const href = attr(m[0], 'href');
    if (rel.includes('alternate') && hreflang && href) out.push({ hreflang, href });
  }
  return out;
}

/**
 * Reads the site: its languages (from the home page's hreflang alternates; x-default
 * excluded; URL prefix = path of the alternate below the base path, '' for the default
 * language), its base path, and every HTML page with its expected language.
 */
export async function discoverSite(siteDir) {
  siteDir = path.resolve(siteDir);
  let home;
  try {
    home = await readFile(path.join(siteDir, 'index.html'), 'utf8');
  } catch {
    throw new Error(`${siteDir}/index.html not found: build the site first (or set SITE_DIR)`);
  }
  const alts = parseAlternates(home);
  const paths = alts.map((a) => ({ ...a, path: new URL(a.href, 'http://site.invalid/').pathname }));
  const xdef = paths.find((a) => a.hreflang.toLowerCase() === 'x-default');
  const langAlts = paths.filter((a) => a.hreflang.toLowerCase() !== 'x-default');
  if (langAlts.length === 0) throw new Error('index.html has no <link rel="alternate" hreflang> links: cannot tell the site\'s languages');
  const shortest = [...langAlts].sort((a, b) => a.path.length - b.path.length)[0];
  let basePath = (xdef ?? shortest).path;
  if (!basePath.endsWith('/')) basePath = basePath.replace(/[^/]*$/, '');
  const languages = langAlts.map((a) => {
    const rest = a.path.startsWith(basePath) ? a.path.slice(basePath.length) : a.path.replace(/^\//, '');
    const prefix = rest.replace(/index\.html$/, '').replace(/\/+$/, '');
    return { tag: a.hreflang, prefix, rtl: isRtl(a.hreflang) };
  });
  const defaultLang = languages.find((l) => l.prefix === '') ?? languages[0];
  const files = (await walk(siteDir)).filter((f) => f.endsWith('.html')).sort();
  const pages = files.map((file) => {
    const first = file.includes('/') ? file.split('/')[0] : '';
    const lang = languages.find((l) => l.prefix !== '' && l.prefix.toLowerCase() === first.toLowerCase()) ?? defaultLang;
    const rest = lang.prefix ? file.slice(lang.prefix.length + 1) : file;
    const m = /^advisories\/([^/]+)\/index\.html$/.exec(rest);
    return {
      file,
      url: basePath + file.replace(/(^|\/)index\.html$/, '$1'),
      lang: lang.tag,
      kind: rest === 'index.html' ? 'home' : m ? 'advisory' : 'other',
      slug: m ? m[1] : null,
    };
  });
  return { siteDir, basePath, languages, defaultLang: defaultLang.tag, pages };
}

// ---------------------------------------------------------------------------------------
// Static server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.otf': 'font/otf', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json',
};
export const contentType = (file) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Serves siteDir under basePath on 127.0.0.1 (port 0). Returns { origin, close }. */
export async function startServer(siteDir, basePath = '/') {
  const root = path.resolve(siteDir);
  const server = http.createServer(async (req, res) => {
    const send = (code, body, headers = {}) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
      let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (!p.startsWith(basePath)) return send(404, 'not found');
      p = p.slice(basePath.length);
      if (p.includes('\0')) return send(400, 'bad path');
      let file = path.resolve(root, '.' + path.posix.normalize('/' + p));
      if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'outside the site');
      let st = await stat(file).catch(() => null);
      if (st?.isDirectory()) {
        if (!req.url.split('?')[0].endsWith('/')) return send(301, 'moved', { location: req.url.split('?')[0] + '/' });
        file = path.join(file, 'index.html');
        st = await stat(file).catch(() => null);
      }
      if (!st?.isFile()) return send(404, 'not found');
      res.writeHead(200, { 'content-type': contentType(file), 'content-length': st.size, 'cache-control': 'no-store' });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (e) {
      send(500, String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

// ---------------------------------------------------------------------------------------
// 1. HTML validity (Nu Html Checker, one JVM for all files)

/** Runs vnu.jar once over the given files (relative to siteDir). Resolves to failures. */
export function checkHtmlValidity(siteDir, files) {
  return new Promise((resolve, reject) => {
    if (files.length === 0) return resolve([]);
    const abs = files.map((f) => path.join(siteDir, f));
    const child = spawn('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...abs],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      let json;
      try {
        json = JSON.parse(out.slice(out.indexOf('{')));
      } catch {
        return reject(new Error(`vnu.jar exited ${code} without JSON output:\n${out.slice(0, 2000)}`));
      }
      const failures = [];
      for (const m of json.messages ?? []) {
        if (m.type !== 'error' && m.subType !== 'fatal') continue;
        let page = m.url ? fileURLToPath(m.url) : '(unknown)';
        page = path.relative(siteDir, page).split(path.sep).join('/');
        const where = m.lastLine ? `line ${m.lastLine}${m.firstColumn ? `:${m.firstColumn}` : ''}` : '';
        const extract = m.extract ? ` [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}]` : '';
        failures.push({ page, check: 'html', rule: 'nu-error', message: `${where ? where + ': ' : ''}${m.message}${extract}` });
      }
      if (code !== 0 && failures.length === 0) {
        return reject(new Error(`vnu.jar exited ${code} but reported no error:\n${out.slice(0, 2000)}`));
      }
      resolve(failures);
    });
  });
}

// ---------------------------------------------------------------------------------------
// 5. Language correctness (runs inside the page)

/** In-page function: returns [{ rule, message }] for the document. */
function languageProbe({ expectedTag, rtl, arabicScript, nonLatin }) {
  const issues = [];
  const prim = (t) => String(t || '').split('-')[0].toLowerCase();
  const isLatinTag = (t) => t && (!nonLatin.includes(prim(t)) || /-latn\b/i.test(t));
  const html = document.documentElement;
  const lang = html.getAttribute('lang');
  if (!lang) issues.push({ rule: 'html-lang', message: `<html> has no lang attribute (expected "${expectedTag}")` });
  else if (lang.toLowerCase() !== expectedTag.toLowerCase()) {
    issues.push({ rule: 'html-lang', message: `<html lang="${lang}"> but the page's URL is in language "${expectedTag}"` });
  }
  const dir = (html.getAttribute('dir') || '').toLowerCase();
  if (rtl && dir !== 'rtl') issues.push({ rule: 'html-dir', message: `${dir ? `<html dir="${dir}">` : '<html> without dir'} on a right-to-left page (expected dir="rtl")` });
  if (!rtl && dir && dir !== 'ltr') issues.push({ rule: 'html-dir', message: `<html dir="${dir}"> on a left-to-right page` });

  const pageNonLatin = !isLatinTag(expectedTag);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
    const p = el.parentElement;
    if (p && p !== document.body && p !== html) s = `${p.tagName.toLowerCase()}${p.id ? '#' + p.id : ''} > ${s}`;
    return s;
  };
  const nearestLang = (el) => el.closest('[lang]')?.getAttribute('lang') ?? '';
  const han = /\p{Script=Han}/u;
  const arabic = /(?=\p{Script=Arabic})\p{L}/u;
  const latinRun = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*(?:[\s,;:]+[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*){3,}/;
  const walker = document.createTreeWalker(html, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.data.trim()) continue;
    if (el.closest('script, style, noscript, template, bdi, code, kbd, samp, pre')) continue;
    // URLs and e-mail addresses shown as text are language-neutral.
    const text = node.data.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/\S+@\S+\.\S+/g, ' ');
    const where = describe(el);
    const snippet = JSON.stringify(node.data.trim().replace(/\s+/g, ' ').slice(0, 60));
    const near = nearestLang(el);
    if (han.test(text) && !/^(zh|ja)$/.test(prim(near))) {
      issues.push({ rule: 'han-text-lang', message: `Han text in ${where} ${snippet} has lang="${near}" (needs lang="zh-…" or "ja" on it or an ancestor)` });
    }
    if (arabic.test(text) && !arabicScript.includes(prim(near))) {
      issues.push({ rule: 'arabic-text-lang', message: `Arabic-script text in ${where} ${snippet} has lang="${near}" (needs an Arabic-script language on it or an ancestor)` });
    }
    if (pageNonLatin && !el.closest('title') && !isLatinTag(near)) {
      const m = latinRun.exec(text);
      if (m) {
        issues.push({ rule: 'untagged-latin-text', message: `Latin-script text in ${where} ${JSON.stringify(m[0].slice(0, 60))} has lang="${near}": put lang (e.g. lang="en") on the element holding fallback text` });
      }
    }
  }
  // At most 5 messages per rule and page; then one line counting the rest.
  const shown = [];
  const count = {};
  for (const i of issues) {
    count[i.rule] = (count[i.rule] ?? 0) + 1;
    if (count[i.rule] <= 5) shown.push(i);
  }
  for (const [rule, n] of Object.entries(count)) {
    if (n > 5) shown.push({ rule, message: `… and ${n - 5} more text node(s) breaking the same rule` });
  }
  return shown;
}

// ---------------------------------------------------------------------------------------
// Browser

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const EXTERNAL_HINT_SELECTOR = 'link[rel~="preconnect"][href], link[rel~="dns-prefetch"][href], link[rel~="prefetch"][href], link[rel~="preload"][href], link[rel~="modulepreload"][href], link[rel~="prerender"][href]';

async function pool(items, n, fn) {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async (_, w) => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item, w);
    }
  });
  await Promise.all(workers);
}

/**
 * Loads every page with JavaScript on, at each width: axe (2), requests to other hosts (3),
 * language (5), stylesheets for the weight (6), screenshots (7). Then, with JavaScript off,
 * every advisory page (4).
 */
export async function checkPagesInBrowser(site, server, browser, opts = {}) {
  const { concurrency = 2, screenshotDir = null, screenshotPages = new Map(), log = () => {} } = opts;
  const axeSource = await readFile(AXE_JS, 'utf8');
  const failures = [];
  const stylesheets = new Map(); // page file -> [local css paths]
  const screenshots = [];
  const langOf = new Map(site.languages.map((l) => [l.tag, l]));

  const newContext = async (javaScriptEnabled, record) => {
    const ctx = await browser.newContext({
      viewport: { width: WIDTHS[0], height: 900 }, javaScriptEnabled, bypassCSP: true,
      serviceWorkers: 'block', reducedMotion: 'reduce',
    });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      let host = '';
      try { host = new URL(url).host; } catch { /* data: etc. */ }
      if (url.startsWith('data:') || url.startsWith('blob:') || host === server.host) return route.continue();
      record(url);
      return route.abort('blockedbyclient');
    });
    return ctx;
  };

  // --- JavaScript on: one context and one tab per worker, reused for every page.
  const workers = [];
  for (let w = 0; w < concurrency; w++) {
    const state = { page: null, external: [] };
    const ctx = await newContext(true, (url) => state.external.push(url));
    state.ctx = ctx;
    state.tab = await ctx.newPage();
    state.tab.on('response', (res) => {
      const u = new URL(res.url());
      if (u.host === server.host && res.status() >= 400 && !u.pathname.endsWith('/favicon.ico')) {
        state.broken?.push(`${res.status()} ${u.pathname}`);
      }
    });
    workers.push(state);
  }

  await pool(site.pages, concurrency, async (pg, w) => {
    const st = workers[w];
    st.external = [];
    st.broken = [];
    const tab = st.tab;
    const fail = (check, rule, message, width) => failures.push({ page: pg.file, check, rule, width, message });
    try {
      await tab.setViewportSize({ width: WIDTHS[0], height: 900 });
      const resp = await tab.goto(server.origin + pg.url, { waitUntil: 'load', timeout: 30000 });
      if (!resp || resp.status() !== 200) fail('load', 'http-status', `GET ${pg.url} answered ${resp?.status()}`);
      await tab.evaluate(axeSource);
      for (const width of WIDTHS) {
        if (width !== WIDTHS[0]) {
          await tab.setViewportSize({ width, height: 900 });
          await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        }
        const result = await tab.evaluate((tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
        }), AXE_TAGS);
        for (const v of result.violations) {
          const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
          const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
          const summary = v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join(' ').trim();
          fail('axe', `${v.id} (${v.impact})`, `${v.help}: ${targets}${more}${summary ? ` — ${summary}` : ''}`, width);
        }
        if (width <= 320) {
          // WCAG 1.4.10 Reflow (AA), which axe does not test: no horizontal scrolling at 320 px.
          const sw = await tab.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          if (sw[0] > sw[1] + 1) {
            const wide = await tab.evaluate((cw) => [...document.querySelectorAll('body *')]
              .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > cw + 1 || r.left < -1); })
              .filter((e, _, all) => !all.includes(e.parentElement)).slice(0, 3)
              .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : e.classList.length ? '.' + [...e.classList].join('.') : '')), sw[1]);
            fail('axe', 'reflow (WCAG 1.4.10)', `page scrolls sideways: ${sw[0]} px wide in a ${sw[1]} px viewport; overflowing: ${wide.join(', ') || '?'}`, width);
          }
        }
        const shotName = screenshotPages.get(pg.file);
        if (screenshotDir && shotName) {
          const file = path.join(screenshotDir, `${shotName}-${width}.png`);
          await tab.screenshot({ path: file, fullPage: true });
          screenshots.push(file);
        }
      }
      // 3. connection hints and resources pointing elsewhere (requests are caught by the route)
      const hints = await tab.$$eval(EXTERNAL_HINT_SELECTOR, (els, host) => els
        .map((e) => e.href).filter((h) => /^https?:/.test(h) && new URL(h).host !== host), server.host);
      for (const h of hints) fail('requests', 'external-hint', `<link> hint to another host: ${h}`);
      for (const u of [...new Set(st.external)]) fail('requests', `external-request ${new URL(u).host}`, `request to another host: ${u}`);
      for (const b of [...new Set(st.broken)]) fail('requests', 'broken-local-resource', `local request failed: ${b}`);
      // 5. language
      const lang = langOf.get(pg.lang);
      const issues = await tab.evaluate(languageProbe, {
        expectedTag: pg.lang, rtl: lang.rtl, arabicScript: [...ARABIC_SCRIPT_LANGS], nonLatin: [...NON_LATIN_LANGS],
      });
      for (const i of issues) fail('lang', i.rule, i.message);
      // 6. stylesheets of the page (for the weight table)
      const css = await tab.$$eval('link[rel~="stylesheet"][href]', (els) => els.map((e) => e.href));
      stylesheets.set(pg.file, css.filter((h) => h.startsWith(server.origin)).map((h) => new URL(h).pathname));
    } catch (e) {
      fail('load', 'error', String(e?.message ?? e).split('\n')[0]);
    }
    log(`checked ${pg.file}`);
  });
  for (const st of workers) await st.ctx.close();

  // --- JavaScript off: every advisory page shows red flags, prevention and contacts.
  const advisories = site.pages.filter((p) => p.kind === 'advisory');
  if (advisories.length) {
    const noJs = [];
    for (let w = 0; w < concurrency; w++) {
      const ctx = await newContext(false, () => {});
      noJs.push({ ctx, tab: await ctx.newPage() });
    }
    await pool(advisories, concurrency, async (pg, w) => {
      const tab = noJs[w].tab;
      try {
        await tab.goto(server.origin + pg.url, { waitUntil: 'load', timeout: 30000 });
        for (const sel of ['#red-flags li', '#prevention li', '#contacts a[href^="tel:"]']) {
          const loc = tab.locator(sel);
          const n = await loc.count();
          if (n === 0) {
            failures.push({ page: pg.file, check: 'nojs', rule: sel, message: `without JavaScript no element matches ${sel}` });
            continue;
          }
          for (let k = 0; k < n; k++) {
            const box = await loc.nth(k).boundingBox();
            if (!box || box.width === 0 || box.height === 0) {
              failures.push({ page: pg.file, check: 'nojs', rule: sel, message: `without JavaScript ${sel} #${k + 1} of ${n} is not visible` });
              break;
            }
          }
        }
      } catch (e) {
        failures.push({ page: pg.file, check: 'nojs', rule: 'load', message: String(e?.message ?? e).split('\n')[0] });
      }
    });
    for (const s of noJs) await s.ctx.close();
  }
  return { failures, stylesheets, screenshots };
}

// ---------------------------------------------------------------------------------------
// Search (the self-hosted Pagefind UI)

/** Results the Pagefind UI shows before its "load more" button. */
const PAGEFIND_PAGE_SIZE = 5;

/**
 * Types `query` into the Pagefind UI of the search page open in `tab` and waits until the UI
 * shows its results: as many as Pagefind's own API finds for the query (up to a page of them),
 * each with its link (results load one by one), none still loading, and the message naming the
 * query and no longer saying it is searching. Resolves to the result links, the first of each
 * result (the others are its sections).
 */
export async function searchResults(tab, query, timeout = 15000) {
  const input = tab.locator('.pagefind-ui__search-input');
  await input.waitFor({ timeout });
  const found = await tab.evaluate(async (q) => {
    const bundle = document.getElementById('search')?.getAttribute('data-bundle') ?? '/pagefind/';
    const pagefind = await import(`${bundle}pagefind.js`);
    return (await pagefind.search(q)).results.length;
  }, query);
  await input.fill(query);
  const shown = await tab.waitForFunction(({ q, expected }) => {
    const message = document.querySelector('.pagefind-ui__message');
    if (!message || !message.textContent.includes(q)) return false;
    if (/(\.\.\.|…)\s*$/.test(message.textContent) || document.querySelector('.pagefind-ui__loading')) return false;
    const links = [...document.querySelectorAll('.pagefind-ui__result')]
      .map((r) => r.querySelector('.pagefind-ui__result-link')?.getAttribute('href'));
    if (links.length !== expected || !links.every(Boolean)) return false;
    return JSON.stringify(links);
  }, { q: query, expected: Math.min(found, PAGEFIND_PAGE_SIZE) }, { timeout });
  return JSON.parse(await shown.jsonValue());
}

// ---------------------------------------------------------------------------------------
// 6. Page weight

/** Returns { rows: [{ page, html, css, total }], failures } for the advisory pages. */
export async function checkPageWeight(site, stylesheets, max = MAX_PAGE_BYTES) {
  const rows = [];
  const failures = [];
  const cssSize = new Map();
  for (const pg of site.pages.filter((p) => p.kind === 'advisory')) {
    const html = (await stat(path.join(site.siteDir, pg.file))).size;
    let css = 0;
    for (const urlPath of stylesheets.get(pg.file) ?? []) {
      if (!cssSize.has(urlPath)) {
        const rel = decodeURIComponent(urlPath.slice(site.basePath.length));
        cssSize.set(urlPath, (await stat(path.join(site.siteDir, rel)).catch(() => ({ size: 0 }))).size);
      }
      css += cssSize.get(urlPath);
    }
    rows.push({ page: pg.file, html, css, total: html + css });
    if (html + css > max) {
      failures.push({ page: pg.file, check: 'weight', rule: 'page-weight', message: `HTML ${html} B + CSS ${css} B = ${html + css} B > ${max} B` });
    }
  }
  return { rows, failures };
}

export function weightTable(rows) {
  const w = Math.max(4, ...rows.map((r) => r.page.length));
  const line = (a, b, c, d) => `${a.padEnd(w)}  ${b.padStart(8)}  ${c.padStart(8)}  ${d.padStart(8)}`;
  return [line('page', 'html B', 'css B', 'total B'), ...rows.map((r) => line(r.page, String(r.html), String(r.css), String(r.total)))].join('\n');
}

// ---------------------------------------------------------------------------------------
// 7. Which pages get screenshots

/** Map page file -> screenshot name prefix for home and first advisory in en, zh-Hans, first RTL language. */
export function screenshotTargets(site) {
  const wanted = [];
  const byTag = (t) => site.languages.find((l) => l.tag.toLowerCase() === t.toLowerCase());
  for (const l of [byTag('en'), byTag('zh-Hans'), site.languages.find((x) => x.rtl)]) {
    if (l && !wanted.includes(l)) wanted.push(l);
  }
  const slugs = [...new Set(site.pages.filter((p) => p.kind === 'advisory').map((p) => p.slug))].sort();
  const map = new Map();
  for (const l of wanted) {
    const home = site.pages.find((p) => p.lang === l.tag && p.kind === 'home');
    if (home) map.set(home.file, `${l.tag}-home`);
    const adv = slugs.map((s) => site.pages.find((p) => p.lang === l.tag && p.slug === s)).find(Boolean);
    if (adv) map.set(adv.file, `${l.tag}-advisory`);
  }
  return map;
}

// ---------------------------------------------------------------------------------------
// Everything

/**
 * Runs every check over siteDir (or only over the pages for which `only(page)` is true).
 * Returns { site, failures, weights, screenshots, timings }. The HTML checker (a JVM) runs while
 * the browser works.
 */
export async function runQualityGate(siteDir, { screenshotDir = null, concurrency = 2, log = () => {}, only = null } = {}) {
  const t0 = Date.now();
  const site = await discoverSite(siteDir);
  if (only) site.pages = site.pages.filter(only);
  const timings = {};
  const vnu = checkHtmlValidity(site.siteDir, site.pages.map((p) => p.file))
    .then((f) => { timings.vnu = Date.now() - t0; return f; });
  vnu.catch(() => {});
  const server = await startServer(site.siteDir, site.basePath);
  let browser;
  try {
    if (screenshotDir) await mkdir(screenshotDir, { recursive: true });
    browser = await launchBrowser();
    const res = await checkPagesInBrowser(site, server, browser, {
      concurrency, screenshotDir, screenshotPages: screenshotDir ? screenshotTargets(site) : new Map(), log,
    });
    timings.browser = Date.now() - t0;
    const weights = await checkPageWeight(site, res.stylesheets);
    const html = await vnu;
    const order = ['load', 'html', 'axe', 'requests', 'nojs', 'lang', 'weight'];
    const failures = [...html, ...res.failures, ...weights.failures].sort((a, b) => a.page.localeCompare(b.page)
      || order.indexOf(a.check) - order.indexOf(b.check) || (b.width ?? 0) - (a.width ?? 0));
    return { site, failures, weights: weights.rows, screenshots: res.screenshots, timings: { ...timings, total: Date.now() - t0 } };
  } finally {
    await browser?.close();
    await server.close();
  }
}
