// `redflag serve` in a real browser, started as the README says: inside the site folder, no
// --root. Open an advisory, change its title on disk and see the new title with no action; break
// the front matter and see the overlay naming the file and line; fix it and see the page again.
// Then a site that is broken before the preview starts: the errors show at once, and the fix
// shows the site by itself. The preview's own HTML (a page with the injected reload script, the
// page with the overlay, the error page) passes the Nu Html Checker. Each test sets up the state
// it needs (no test relies on another having run), and every wait is on the page itself
// (waitForFunction), bounded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkHtmlValidity, formatFailure, launchBrowser, REPO_ROOT, REDFLAG_BIN } from './checks.mjs';

const BIN = REDFLAG_BIN;
const WAIT = { timeout: 30_000 };
const SLUG = 'virtual-kidnapping-calgary';
const LOCATION = new RegExp(`content/advisories/${SLUG}/index\\.md:\\d+:\\d+`);
const ORIGINAL_TITLE = 'Virtual kidnapping scam targets international students';

async function copyExample(dir) {
  await fs.copyFile(path.join(REPO_ROOT, 'site.toml'), path.join(dir, 'site.toml'));
  await fs.cp(path.join(REPO_ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
}

/** `redflag serve --port 0` run inside the site folder `site`; resolves to its address. */
function startServer(site) {
  const child = spawn(BIN, ['serve', '--port', '0'], { cwd: site, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`redflag serve exited (${code}):\n${seen}`)));
    setTimeout(() => reject(new Error(`no address printed within 30 s:\n${seen}`)), WAIT.timeout).unref();
  });
  return { child, url };
}

/** Checks that the preview's HTML at `url` passes the Nu Html Checker; resolves to the HTML. */
async function assertValidHtml(url, name) {
  const html = await (await fetch(url)).text();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-serve-html-'));
  try {
    await fs.writeFile(path.join(dir, name), html);
    const failures = await checkHtmlValidity(dir, [name]);
    assert.deepEqual(failures.map(formatFailure), [], `${url} is not valid HTML`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return html;
}

/** The page `url` served with the reload script and the error overlay, as valid HTML. */
async function assertValidOverlay(url, name) {
  const html = await assertValidHtml(url, name);
  assert.match(html, /<div id="redflag-errors"/, `${url} shows no overlay`);
  assert.match(html, /\/__redflag\/live\.js/, `${url} has no reload script`);
}

const overlayShown = () => document.getElementById('redflag-errors') !== null;

describe('redflag serve in Chromium', () => {
  let dir, server, browser, page, file, original, base;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'redflag-serve-'));
    await copyExample(dir);
    file = path.join(dir, 'content', 'advisories', SLUG, 'index.md');
    original = await fs.readFile(file, 'utf8');
    server = startServer(dir);
    base = await server.url;
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  // Each test starts from the unmodified advisory, shown without an overlay: none depends on
  // what another left behind.
  beforeEach(async () => {
    await fs.writeFile(file, original);
    await page.goto(`${base}advisories/${SLUG}/`);
    await page.waitForFunction((title) => document.getElementById('redflag-errors') === null
      && document.querySelector('h1')?.textContent.trim() === title, ORIGINAL_TITLE, WAIT);
  });

  after(async () => {
    await browser?.close();
    server?.child.kill();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('serves a page with its reload script as valid HTML', async () => {
    const html = await assertValidHtml(`${base}advisories/${SLUG}/`, 'page.html');
    assert.match(html, /\/__redflag\/live\.js/, 'no reload script');
  });

  it('shows a new title without any action', async () => {
    await fs.writeFile(file, original.replace(/^title: .*$/m, 'title: Live edit works'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Live edit works'), null, WAIT);
  });

  it('shows an overlay naming the file and line when the front matter breaks', async () => {
    await fs.writeFile(file, original.replace(/^severity: high$/m, 'severity: [high'));
    await page.waitForFunction(overlayShown, null, WAIT);
    const text = await page.textContent('#redflag-errors');
    assert.match(text, LOCATION);
    assert.match(text, /help:/);
  });

  it('serves the page with its overlay as valid HTML', async () => {
    await fs.writeFile(file, original.replace(/^severity: high$/m, 'severity: [high'));
    await page.waitForFunction(overlayShown, null, WAIT);
    await assertValidOverlay(`${base}advisories/${SLUG}/`, 'page-with-overlay.html');
  });

  it('removes the overlay when the file is fixed', async () => {
    await fs.writeFile(file, original.replace(/^severity: high$/m, 'severity: [high'));
    await page.waitForFunction(overlayShown, null, WAIT);
    await fs.writeFile(file, original);
    await page.waitForFunction(() => document.getElementById('redflag-errors') === null, null, WAIT);
    assert.ok(await page.isVisible('#red-flags'));
  });
});

/** A copy of the example with a broken advisory, and `redflag serve` started on it. */
async function startBroken(prefix) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await copyExample(dir);
  const file = path.join(dir, 'content', 'advisories', SLUG, 'index.md');
  const original = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, original.replace(/^severity: high$/m, 'severity: [high'));
  const server = startServer(dir);
  return { dir, file, original, server, base: await server.url };
}

describe('redflag serve started on a broken site, in Chromium', () => {
  let broken, browser, page;

  before(async () => {
    broken = await startBroken('redflag-serve-broken-');
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    broken?.server.child.kill();
    if (broken) await fs.rm(broken.dir, { recursive: true, force: true });
  });

  it('shows the errors with the file and line at once', async () => {
    await page.goto(`${broken.base}advisories/${SLUG}/`);
    assert.ok(await page.isVisible('#redflag-errors'));
    const text = await page.textContent('#redflag-errors');
    assert.match(text, LOCATION);
    assert.match(text, /help:/);
  });

  it('serves the error page as valid HTML', async () => {
    await assertValidOverlay(`${broken.base}advisories/${SLUG}/`, 'error-page.html');
  });
});

describe('redflag serve started on a broken site, then fixed, in Chromium', () => {
  let broken, browser, page;

  before(async () => {
    broken = await startBroken('redflag-serve-fixed-');
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    broken?.server.child.kill();
    if (broken) await fs.rm(broken.dir, { recursive: true, force: true });
  });

  it('shows the site by itself when the file is fixed', async () => {
    await page.goto(`${broken.base}advisories/${SLUG}/`);
    await page.waitForFunction(overlayShown, null, WAIT);
    await fs.writeFile(broken.file, broken.original);
    await page.waitForFunction(() => document.getElementById('redflag-errors') === null
      && document.getElementById('red-flags') !== null, null, WAIT);
  });
});
